"""Fixtures for the team-server window tests: main windows of different people on this machine.

The server comes from tests/conftest.py: `pg_server` (a temporary PostgreSQL cluster, tests/pg.py),
`pg_demo` (a fresh database holding the demo project), `pg_database` (an empty one)."""

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


@pytest.fixture(autouse=True)
def no_system_keyring() -> Iterator[None]:
    """This machine has no Secret Service; say so explicitly so results never depend on it."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


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
