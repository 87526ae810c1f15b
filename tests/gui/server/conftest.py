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


def question_id(window: Any, code: str) -> str:
    """The id of the question with this code in the window's project."""
    from desktop.store import repo
    from desktop.store.models import Question

    rows = window.project.read(repo.list_rows, entity=Question)
    return next(r.id for r in rows if r.code == code)


@pytest.fixture
def two_on_question(
    qtbot: Any, open_window: Callable[..., Any]
) -> Callable[[Any, str], tuple[Any, Any, str]]:
    """`two_on_question(address, "Q1")`: Ana's and Boris's windows on the server, both showing that
    question with its detail read; returns (ana, boris, the question's id)."""

    def make(address: Any, code: str) -> tuple[Any, Any, str]:
        ana = open_window("Ana", address)
        boris = open_window("Boris", address)
        qid = question_id(ana, code)
        for window in (ana, boris):
            window.show_question(qid)
        qtbot.waitUntil(
            lambda: all(w.workspace.question.detail is not None for w in (ana, boris)), timeout=10000
        )
        return ana, boris, qid

    return make
