"""Errors the store raises for the user to read. Each message says what is wrong and what to do."""

from __future__ import annotations


class QuaestioError(Exception):
    """Base of every error whose message is written for the user."""


class ProjectOpenError(QuaestioError):
    """The file cannot be opened as a project; it has not been modified."""


class NotAProject(ProjectOpenError):
    pass


class NewerSchema(ProjectOpenError):
    pass


class ProjectLocked(ProjectOpenError):
    """Another running Quaestio holds the project. `holder` describes who."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class ProjectBusy(QuaestioError):
    """Another program kept the project file locked for longer than the busy timeout."""


class DiskFull(QuaestioError):
    """The disk (or quota) holding the project is full; the write was rolled back."""


class ReadOnlyProject(QuaestioError):
    """A write was attempted on a project opened read-only."""


class NotFound(QuaestioError):
    pass


class InvalidValue(QuaestioError):
    pass


class ServerUnavailable(QuaestioError):
    """The team server cannot be reached or refused us (down, wrong password, TLS, no database).

    Whatever the interrupted unit of work wrote was rolled back by the server; nothing committed
    before is lost.
    """


class ServerBusy(QuaestioError):
    """Someone else's save held what this one needed (a deadlock, a serialization failure, a lock
    wait that timed out). The server is fine and nothing was written; trying again works."""


class StaleEdit(QuaestioError):
    """Someone else saved the row since it was loaded, and changed a field this edit also changes.

    `mine` holds the values this edit tried to write, `theirs` the row as stored now (a frozen
    row), so the UI can show both side by side; `clash` names the fields both changed (None when
    unknown: then every field of `mine` counts). Nothing was written.
    """

    def __init__(
        self,
        message: str,
        *,
        entity: type,
        id: str,
        mine: dict,
        theirs: object,
        clash: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.entity = entity
        self.id = id
        self.mine = mine
        self.theirs = theirs
        self.clash = clash
