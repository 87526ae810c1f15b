"""A project on a team server: the same `Project` handle, on a PostgreSQL engine.

What differs from a file: no lock file (PostgreSQL serialises writers per row, and optimistic
locking in `repo.update` catches stale edits), no WAL checkpoint on close, no backups or
journal pragmas, and every connection failure becomes `ServerUnavailable`. `project.path` is a
per-server local folder (under the data folder's `servers/`) for things that must live on this
computer, such as recovery files; it is not a database.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

from desktop import __version__
from desktop.paths import resolve_paths
from desktop.store import schema
from desktop.store.errors import NewerSchema, NotAProject, ProjectOpenError, ServerBusy
from desktop.store.inspection import _version_tuple
from desktop.store.project import Identity, Project
from desktop.store.server.address import ServerAddress
from desktop.store.server.connection import make_server_engine, translated

log = logging.getLogger(__name__)

# Two clients opening an older server schema at once: only one runs the migrations.
_MIGRATION_LOCK = 0x51554553
# A unit of work another one was in the way of (deadlock...) is run again this many times in all.
WRITE_ATTEMPTS = 3
T = TypeVar("T")


def local_folder(address: ServerAddress) -> Path:
    """This computer's folder for a server project (recovery files); not created here."""
    slug = re.sub(r"[^0-9A-Za-z._-]+", "_", f"{address.database}@{address.host}_{address.port}").strip("_")
    digest = hashlib.sha1(address.text().encode()).hexdigest()[:8]
    return resolve_paths().data_dir / "servers" / f"{slug[-60:]}-{digest}"


class ServerProject(Project):
    """An open project on a team server."""

    def __init__(
        self,
        address: ServerAddress,
        engine: Engine,
        identity: Identity,
        *,
        password: str | None,
        client_id: str,
    ) -> None:
        super().__init__(local_folder(address), engine, identity, lock=None)
        self.server = address
        self.client_id = client_id  # in every change notification this project's writes send
        self.password = password  # kept in memory only, for the live feed's own connection

    @property
    def display_name(self) -> str:
        return self.server.display()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with translated(self.server), super().session() as session:
            yield session

    def write(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """A unit of work; run again when another person's transaction was in the way (the
        server rolled it back, so running it again is safe). ServerBusy after the last try."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return super().write(fn, **kwargs)
            except ServerBusy:
                if attempt == WRITE_ATTEMPTS:
                    raise
                log.info("a write met another transaction (attempt %d); running it again", attempt)
        raise AssertionError("unreachable")

    @property
    def title(self) -> str:
        try:
            return super().title
        except Exception:  # the title is decoration; an unreachable server is reported elsewhere
            return self.server.database

    def close(self) -> None:
        if self.engine is None:
            return
        self.engine.dispose()
        self.engine = None  # type: ignore[assignment]


def open_server_project(
    address: ServerAddress, identity: Identity, *, password: str | None = None, create: bool = False
) -> ServerProject:
    """Open the project in a server database (see `desktop.store.project.open_project`).

    An empty database is refused unless `create` (the copy code), which gives it the schema.
    An older schema is upgraded in one transaction (only one client does it); a newer one is
    refused, like a file from a newer Quaestio.
    """
    client_id = str(uuid.uuid4())
    engine = make_server_engine(
        address,
        password=password,
        author=identity.author,
        replica_id=identity.replica_id,
        client_id=client_id,
    )
    try:
        with translated(address):
            with engine.connect() as connection:
                revision = schema.current_revision(connection)
                tables = set(inspect(connection).get_table_names())
            if revision is not None and not create and not _has_project(engine):
                revision = None  # the schema of an interrupted copy, and no project: still empty
                tables = set()
            if revision is None:
                if tables:
                    raise NotAProject(
                        f"The database {address.database!r} on {address.host} holds other tables, not a "
                        "Quaestio project. Choose an empty database or one that holds a project."
                    )
                if not create:
                    raise ProjectOpenError(
                        f"The database {address.database!r} on {address.host} is empty. Open a project "
                        "file and use File > Move project to team server... to put it there (or run "
                        "`quaestio copy PROJECT.quaestio " + address.text() + "`)."
                    )
            elif revision not in schema.known_revisions():
                raise NewerSchema(
                    f"The team-server project {address.display()} was made by a newer Quaestio (schema "
                    f"{revision}); this is Quaestio {__version__}. Update Quaestio to open it."
                )
            if revision != schema.head_revision():
                _upgrade(engine)
            if revision is not None:
                _check_min_version(engine, address)
    except BaseException:
        engine.dispose()
        raise
    return ServerProject(address, engine, identity, password=password, client_id=client_id)


def _upgrade(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        if schema.current_revision(connection) != schema.head_revision():
            log.info("upgrading the server schema from %s", schema.current_revision(connection))
            schema.upgrade_connection(connection)


def _has_project(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM project")).scalar() != 0


def _check_min_version(engine: Engine, address: ServerAddress) -> None:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT min_app_version FROM project WHERE deleted_at IS NULL LIMIT 1")
        ).first()
    if row and _version_tuple(row[0]) > _version_tuple(__version__):
        raise NewerSchema(
            f"The team-server project {address.display()} needs Quaestio {row[0]} or newer; this is "
            f"Quaestio {__version__}. Update Quaestio to open it."
        )
