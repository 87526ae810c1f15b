"""The schema revision of a project file, and upgrading it with the migrations shipped in the package."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# Alembic is imported only to list or run migrations (~60 ms of imports): opening a project that
# is up to date needs only the head revision, read from the scripts' text (issue 8, start-up).
MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*['\"]?([\w-]*)['\"]?", re.MULTILINE)


def _config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def _chain() -> tuple[str, ...]:
    """Every revision, oldest first, from the scripts' `revision` / `down_revision` lines."""
    parent_of: dict[str, str] = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            parent_of[found["revision"]] = found.get("down_revision", "None")
    heads = set(parent_of) - set(parent_of.values())
    assert len(heads) == 1, f"the package ships {len(heads)} migration heads: {sorted(heads)}"
    chain = [heads.pop()]
    while parent_of.get(chain[-1], "None") in parent_of:
        chain.append(parent_of[chain[-1]])
    return tuple(reversed(chain))


def head_revision() -> str:
    """The newest revision: the one no other script names as its `down_revision`."""
    return _chain()[-1]


def known_revisions() -> list[str]:
    """Every revision this version of Quaestio knows, oldest first."""
    return list(_chain())


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

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
    from alembic import command

    command.upgrade(_config(connection), target)
