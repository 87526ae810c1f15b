"""Shared fixtures. Every test gets its own data folder, config and home in tmp_path, so nothing
touches the real user folders; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.paths import Paths, resolve_paths
from desktop.store.project import Identity, Project, create_project, open_project

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("QUAESTIO_DATA_DIR", str(tmp_path / "quaestio-data"))
    return home


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return resolve_paths(tmp_path / "quaestio-data").ensure()


@pytest.fixture
def identity() -> Identity:
    return Identity(author="Ana Historian", replica_id="11111111-1111-4111-8111-111111111111")


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty project made once per run (running the migrations is the slow part)."""
    path = tmp_path_factory.mktemp("empty") / "empty.quaestio"
    create_project(
        path, Identity("Template", "33333333-3333-4333-8333-333333333333"), title="Test project"
    ).close()
    return path


@pytest.fixture
def project(tmp_path: Path, identity: Identity, empty_template: Path) -> Iterator[Project]:
    path = tmp_path / "test.quaestio"
    shutil.copyfile(empty_template, path)
    with open_project(path, identity) as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project built once per test run; tests get their own copy."""
    from desktop.demo import create_demo_project

    path = tmp_path_factory.mktemp("demo") / "demo.quaestio"
    identity = Identity(author="Demo builder", replica_id="22222222-2222-4222-8222-222222222222")
    create_demo_project(path, identity).close()
    return path


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "Khalkhin Gol demo.quaestio"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo(demo_path: Path, identity: Identity, paths: Paths) -> Iterator[Project]:
    with open_project(demo_path, identity, backups_dir=paths.backups_dir) as opened:
        yield opened


@pytest.fixture
def artifacts() -> Path:
    """Where tests save screenshots and exported files for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
