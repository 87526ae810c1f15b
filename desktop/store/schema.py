"""The schema revision of a project file, and upgrading it with the migrations shipped in the package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    # read once per process: loading the revision files costs ~40 ms, and every open asks
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def known_revisions() -> list[str]:
    """Every revision this version of Quaestio knows, oldest first."""
    return [s.revision for s in reversed(list(_scripts().walk_revisions()))]


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations up to `target` in one transaction (SQLite and PostgreSQL DDL are transactional)."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # pysqlite opens a transaction before INSERT/UPDATE only, so without this every CREATE
            # and ALTER commits on its own and a kill mid-upgrade leaves a half-upgraded file
            # (found by tests/faults/test_crash_merge_migration.py).
            connection.exec_driver_sql("BEGIN")
        upgrade_connection(connection, target)


def upgrade_connection(connection: Connection, target: str = "head") -> None:
    """Run the migrations inside the caller's transaction (the team server holds a lock around it)."""
    command.upgrade(_config(connection), target)
