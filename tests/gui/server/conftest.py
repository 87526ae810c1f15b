"""Fixtures for the team-server window tests: a real temporary PostgreSQL cluster (tests/pg.py),
the demo project copied into a fresh database, and main windows of two different people."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from desktop.config import Config, save_config
from desktop.paths import Paths, resolve_paths
from desktop.store.project import Identity
from tests.pg import PgCluster


@pytest.fixture(scope="session")
def ui_cluster() -> Iterator[PgCluster]:
    """One cluster for these tests (started once; each test gets its own database)."""
    cluster = PgCluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(autouse=True)
def no_system_keyring() -> Iterator[None]:
    """This machine has no Secret Service; say so explicitly so results never depend on it."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def demo_on_server(ui_cluster: PgCluster, demo_path: Path, identity: Identity) -> Iterator[Any]:
    """The demo project moved to a fresh server database; its address (socket, trust auth)."""
    from desktop.store.server.copy import copy_project

    name = ui_cluster.new_database(prefix="demo")
    address = ui_cluster.address(name)
    copy_project(demo_path, address, identity=identity)
    yield address
    ui_cluster.drop_database(name)


@pytest.fixture
def empty_database(ui_cluster: PgCluster) -> Iterator[Any]:
    name = ui_cluster.new_database(prefix="empty")
    yield ui_cluster.address(name)
    ui_cluster.drop_database(name)


@pytest.fixture
def person_paths(tmp_path: Path) -> Callable[[str], Paths]:
    """Data folders of different people on this machine (their own config: name, replica id)."""

    def make(name: str) -> Paths:
        paths = resolve_paths(tmp_path / f"data-{name.lower()}").ensure()
        save_config(paths.config_file, Config(author_name=name, replica_id=str(uuid.uuid4())))
        return paths

    return make


@pytest.fixture
def open_window(qtbot: Any, person_paths: Callable[[str], Paths]) -> Callable[..., Any]:
    """`open_window("Ana", address)`: a MainWindow of that person connected to the server."""
    from desktop.ui.main_window import MainWindow

    windows: list[Any] = []

    def make(name: str, address: Any = None) -> Any:
        window = MainWindow(person_paths(name))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        if address is not None:
            assert window.open_project(address.text())
            qtbot.waitUntil(lambda: window.project is not None, timeout=20000)
        return window

    yield make
    for window in windows:
        window.close_project()
