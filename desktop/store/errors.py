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


class ReadOnlyProject(QuaestioError):
    """A write was attempted on a project opened read-only."""


class NotFound(QuaestioError):
    pass


class InvalidValue(QuaestioError):
    pass
