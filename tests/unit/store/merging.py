"""Helpers for merge tests: two collaborators' copies of one project, and their content."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.store import repo
from desktop.store.models import ENTITIES
from desktop.store.project import Identity, Project, open_project

ANA = Identity("Ana Historian", "aaaaaaaa-0000-4000-8000-00000000000a")
BOB = Identity("Bob Archivist", "bbbbbbbb-0000-4000-8000-00000000000b")


def two_copies(template: Path, folder: Path) -> tuple[Path, Path]:
    """Ana's project and the copy Bob made of it before they both went on editing."""
    mine, theirs = folder / "Khalkhin Gol.quaestio", folder / "Khalkhin Gol (Bob).quaestio"
    shutil.copyfile(template, mine)
    shutil.copyfile(template, theirs)
    return mine, theirs


def content(project: Project) -> dict[tuple[str, str], dict[str, Any]]:
    """Every record's content fields and whether it is in the Trash: what a merge must preserve."""
    result = {}
    with project.engine.connect() as connection:
        for entity in ENTITIES:
            fields = repo.content_fields(entity)
            table = entity.__table__  # type: ignore[attr-defined]
            for row in connection.execute(select(table)):
                m = row._mapping
                values = {f: m[f] for f in fields}
                values["in_trash"] = m["deleted_at"] is not None
                result[(str(table.name), m["id"])] = values
    return result


def content_of(path: Path, identity: Identity = ANA) -> dict[tuple[str, str], dict[str, Any]]:
    with open_project(path, identity, readonly=True) as project:
        return content(project)


def file_state(path: Path) -> tuple[bytes | None, bytes | None]:
    """The project file and its WAL, byte for byte (the -shm index is not content)."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else None


def sql(path: Path, statement: str, *params: Any) -> None:
    """An edit made outside Quaestio, with plain SQLite: no change rows."""
    con = sqlite3.connect(path)
    try:
        con.execute(statement, params)
        con.commit()
    finally:
        con.close()
