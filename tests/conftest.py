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
from desktop.store.server.address import ServerAddress
from tests.pg import PgCluster

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
def project(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path, identity: Identity, empty_template: Path
) -> Iterator[Project]:
    if backend == "postgresql":
        with open_project(request.getfixturevalue("pg_project"), identity) as opened:
            yield opened
        return
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
def demo(request: pytest.FixtureRequest, backend: str, identity: Identity, paths: Paths) -> Iterator[Project]:
    if backend == "postgresql":
        with open_project(request.getfixturevalue("pg_demo"), identity) as opened:
            yield opened
        return
    demo_path = request.getfixturevalue("demo_path")
    with open_project(demo_path, identity, backups_dir=paths.backups_dir) as opened:
        yield opened


# --- backends: the store's tests run on SQLite and on a team server (PostgreSQL) ----------------

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_backends: run on a project file and on a PostgreSQL team server (`backend`)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Modules (or tests) marked both_backends get `project`/`demo` on each backend; everything
    # else (file-only features: backups, sharing, locking, the GUI) stays on SQLite.
    # QUAESTIO_TEST_BACKENDS=all tries every test using them on both (to find what is file-only).
    everywhere = os.environ.get("QUAESTIO_TEST_BACKENDS") == "all"
    if "backend" in metafunc.fixturenames and (
        everywhere or metafunc.definition.get_closest_marker("both_backends")
    ):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgCluster]:
    """A temporary PostgreSQL cluster for the whole run (tests/pg.py), removed afterwards."""
    cluster = PgCluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture
def pg_database(pg_server: PgCluster) -> Iterator[ServerAddress]:
    """A fresh, empty database (no tables), e.g. the target of "Move project to team server"."""
    name = pg_server.new_database()
    yield pg_server.address(name)
    pg_server.drop_database(name)


def _server_template(pg_server: PgCluster, source: Path, prefix: str) -> str:
    from desktop.store.server.copy import copy_project

    name = pg_server.new_database(prefix=prefix)
    copy_project(
        source, pg_server.address(name), identity=Identity("Template", "44444444-4444-4444-8444-444444444444")
    )
    return name


@pytest.fixture(scope="session")
def pg_empty_template(pg_server: PgCluster, empty_template: Path) -> str:
    """The empty test project copied to the server once; tests get clones (CREATE DATABASE TEMPLATE)."""
    return _server_template(pg_server, empty_template, "tpl_empty")


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: PgCluster, demo_template: Path) -> str:
    return _server_template(pg_server, demo_template, "tpl_demo")


@pytest.fixture
def pg_project(pg_server: PgCluster, pg_empty_template: str) -> Iterator[ServerAddress]:
    """A database holding a copy of the empty test project (like the `project` fixture's file)."""
    name = pg_server.new_database(template=pg_empty_template)
    yield pg_server.address(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_demo(pg_server: PgCluster, pg_demo_template: str) -> Iterator[ServerAddress]:
    """A database holding a copy of the demo project."""
    name = pg_server.new_database(template=pg_demo_template)
    yield pg_server.address(name)
    pg_server.drop_database(name)


@pytest.fixture
def artifacts() -> Path:
    """Where tests save screenshots and exported files for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
