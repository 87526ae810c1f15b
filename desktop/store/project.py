"""A project file, open: `create_project`, `open_project` and the `Project` handle.

The handle owns the engine and the lock. Callers outside the store never see a session: they
pass a repository function to `Project.read` or `Project.write`, which opens a session, runs the
function as one unit of work, and (for writes) tells subscribers what changed.

On disk a closed project is a single self-contained file in rollback-journal mode: it is put in
WAL mode while open for writing (faster, readers never blocked) and checkpointed back on close,
so it can be copied, mailed or opened read-only with nothing beside it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from desktop import __version__
from desktop.domain.regimes import DEFAULT_REGIMES
from desktop.store import plain, repo, schema, templates
from desktop.store.backup import backup_project, copy_project
from desktop.store.changes import Changes, Written
from desktop.store.engine import APPLICATION_ID, make_engine, readable_error
from desktop.store.errors import DiskFull, ProjectOpenError, QuaestioError, ReadOnlyProject
from desktop.store.inspection import FileFacts, inspect_project_file
from desktop.store.locking import ProjectLock
from desktop.store.models import LegalRegime
from desktop.store.models import Project as ProjectTable
from desktop.store.server.address import ServerAddress

log = logging.getLogger(__name__)

T = TypeVar("T")
Listener = Callable[[Changes], None]

PROJECT_SUFFIX = ".quaestio"


@dataclass(frozen=True)
class Identity:
    """Who writes: stamped on every row and change."""

    author: str
    replica_id: str


class Project:
    """An open project: a file, or (subclass `desktop.store.server.project.ServerProject`) a
    database on a team server, where `server` is its address."""

    server: ServerAddress | None = None  # None for a project file

    def __init__(
        self,
        path: Path,
        engine: Engine,
        identity: Identity,
        *,
        lock: ProjectLock | None,
        readonly_reason: str = "",
        migrated_from: str | None = None,
        backup: Path | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.identity = identity
        self._lock = lock
        self.readonly_reason = readonly_reason
        self.migrated_from = migrated_from  # schema revision before this open upgraded it
        self.backup = backup  # the backup taken before that upgrade
        self._listeners: list[Listener] = []
        self._scratch: Path | None = None  # a temporary upgraded copy, removed on close

    @property
    def readonly(self) -> bool:
        return bool(self.readonly_reason)

    @property
    def display_name(self) -> str:
        """How to name the project in titles and messages: the file name, or the server address."""
        return self.path.name

    def require_file(self, what: str) -> None:
        """Refuse file-only work (merging copies, backups) on a team-server project, with a message."""
        if self.server is not None:
            raise QuaestioError(
                f"{what} works on project files; {self.display_name} is on a team server, where "
                "everyone edits the same project. Use File > Save a local copy... to get a file."
            )

    # --- sessions and units of work -------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            session.info["author"] = self.identity.author
            session.info["replica_id"] = self.identity.replica_id
            yield session

    def read(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Run a repository read: `project.read(repo.get, entity=Question, id=...)`."""
        with self.session() as session:
            return fn(session=session, **kwargs)

    def write(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Run a repository write and tell subscribers what it changed."""
        if self.readonly:
            raise ReadOnlyProject(
                f"{self.path.name} is open read-only ({self.readonly_reason}); nothing was changed."
            )
        with self.session() as session:
            result = fn(session=session, **kwargs)
        changes = (
            result.changes if isinstance(result, Written) else result if isinstance(result, Changes) else None
        )
        if changes:
            self.announce(changes)
        return result

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(changes)` after every write; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def announce(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)

    @property
    def title(self) -> str:
        with self.session() as session:  # plain SQL: the window asks at every open and change
            row = (
                session.connection()
                .exec_driver_sql("SELECT title FROM project WHERE deleted_at IS NULL LIMIT 1")
                .first()
            )
        return plain.text(row[0]) if row else self.path.stem

    # --- closing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Checkpoint the WAL back into the file, release the lock. Safe to call twice."""
        if self.engine is None:
            return
        if not self.readonly:
            # The pool keeps one connection per thread (the task runner's too); leaving WAL mode
            # needs them all closed, so start from a fresh pool.
            self.engine.dispose()
            try:
                with self.engine.connect() as connection:
                    raw = connection.connection.dbapi_connection
                    assert raw is not None
                    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    raw.execute("PRAGMA journal_mode = DELETE")
            except Exception:  # another connection still open; the WAL is checkpointed later
                log.warning("could not checkpoint %s on close", self.path, exc_info=True)
        self.engine.dispose()
        self.engine = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


# --- opening and creating ----------------------------------------------------------------------


def _enable_wal(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:  # e.g. no room for the -wal file (tests/faults)
        if isinstance(readable_error(path, exc), DiskFull):
            raise ProjectOpenError(
                f"{path.name} cannot be opened for writing: the disk holding it is full. Free some "
                "space on that disk, or open the project read-only. The file has not been changed."
            ) from None
        raise ProjectOpenError(f"{path.name} cannot be opened for writing: {exc}.") from None
    finally:
        con.close()


def open_project(
    path: Path | str | ServerAddress,
    identity: Identity,
    *,
    backups_dir: Path | None = None,
    readonly: bool = False,
    password: str | None = None,
) -> Project:
    """Open a project file. Raises ProjectOpenError (the file untouched) when it cannot be opened.

    A project from an older schema is backed up (verified) into `backups_dir`, then upgraded.
    A read-only file, or `readonly=True`, gives a read-only project. Another running Quaestio
    holding the file raises ProjectLocked; the caller may then retry with `readonly=True`.

    `path` may also be a team server: a `ServerAddress` or `postgresql://user@host/db` text
    (`password` None: libpq reads ~/.pgpass). See `desktop.store.server.project`.
    """
    from desktop.store.server.address import is_server_url

    if isinstance(path, ServerAddress) or is_server_url(path):
        from desktop.store.server.project import open_server_project

        address = path if isinstance(path, ServerAddress) else ServerAddress.from_url(str(path))
        return open_server_project(address, identity, password=password)
    path = Path(path).expanduser().absolute()
    facts: FileFacts = inspect_project_file(path)
    reason = "opened read-only on request" if readonly else facts.why_readonly
    if reason:
        if facts.revision != schema.head_revision():
            return _open_upgraded_copy(path, identity, reason, facts.revision)
        return Project(path, make_engine(path, readonly=True), identity, lock=None, readonly_reason=reason)

    lock = ProjectLock.acquire(path, identity.author)
    try:
        backup = None
        if facts.revision != schema.head_revision():
            if backups_dir is None:
                raise ProjectOpenError(f"{path.name} needs an upgrade, but no backup folder was given.")
            backup = backup_project(path, backups_dir, f"before upgrade from {facts.revision}")
            log.info("backed up %s to %s before migrating", path, backup)
            schema.upgrade(make_engine(path))
        _enable_wal(path)
        project = Project(
            path,
            make_engine(path),
            identity,
            lock=lock,
            migrated_from=facts.revision if backup else None,
            backup=backup,
        )
        _seed_missing_templates(project)
        return project
    except BaseException:
        lock.release()
        raise


def _seed_missing_templates(project: Project) -> None:
    """Give a project made before the letters feature (or missing some) the built-in templates."""
    try:
        if project.read(templates.builtins_missing):  # a read: most opens find them all
            project.write(templates.ensure_builtin_templates)
    except Exception:  # never a reason not to open the project; letters will say what is missing
        log.warning("could not add the built-in letter templates to %s", project.path, exc_info=True)


def _open_upgraded_copy(path: Path, identity: Identity, reason: str, revision: str | None) -> Project:
    """Read an older project without writing to it: upgrade a temporary copy and open that read-only.

    The copy is deleted when the project is closed; `Project.path` still names the original.
    """
    folder = Path(tempfile.mkdtemp(prefix="quaestio-upgraded-"))
    copy = copy_project(path, folder / path.name)
    schema.upgrade(make_engine(copy))
    project = Project(
        path,
        make_engine(copy, readonly=True),
        identity,
        lock=None,
        readonly_reason=f"{reason}; shown upgraded from schema {revision} without changing the file",
    )
    project._scratch = folder
    return project


def new_project_database(path: Path) -> Engine:
    """An engine on a new file at `path` marked as a Quaestio project, at the current schema."""
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.close()
    engine = make_engine(path)
    schema.upgrade(engine)
    return engine


def create_project(path: Path | str, identity: Identity, *, title: str, description: str = "") -> Project:
    """Create a new, empty project file (with the default legal regimes) and open it.

    The file is built under a temporary name and renamed into place, so a failure leaves nothing.
    """
    path = Path(path).expanduser().absolute()
    if path.exists():
        raise QuaestioError(f"{path} already exists; choose another name or open it instead.")
    if not path.parent.is_dir():
        raise QuaestioError(f"The folder {path.parent} does not exist; create it first or choose another.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
    try:
        engine = new_project_database(tmp)
        project = Project(tmp, engine, identity, lock=None)
        with project.session() as session, repo.batch(session):
            repo.create(
                session=session,
                entity=ProjectTable,
                values={"title": title, "description": description, "min_app_version": _min_version()},
            )
            for regime in DEFAULT_REGIMES:
                repo.create(
                    session=session,
                    entity=LegalRegime,
                    values=regime,
                    id=repo.seeded_id("legal_regime", regime["code"]),
                )
            templates.seed_builtin_templates(session)  # the letter templates travel with the file
        project.close()
        os.replace(tmp, path)
    except OSError as exc:
        raise QuaestioError(f"Could not create {path.name}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return open_project(path, identity)


def _min_version() -> str:
    """The oldest app version that can write files of the current schema: this one, for now."""
    return __version__
