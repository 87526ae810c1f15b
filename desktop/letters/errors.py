"""Why a letter cannot be produced, in words the user can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.store.errors import QuaestioError

if TYPE_CHECKING:
    from desktop.letters.render import Letter


class TemplateRejected(QuaestioError):
    """The template itself is wrong: syntax, Python internals, includes, runaway output."""


class LetterRefused(QuaestioError):
    """The letter has holes: missing variables, unedited placeholders or an empty profile.

    `problems` lists each hole in plain words; `letter` is the preview with the holes marked.
    """

    def __init__(self, message: str, problems: list[str], letter: Letter | None = None) -> None:
        super().__init__(message)
        self.problems = problems
        self.letter = letter


class ExportFailed(QuaestioError):
    """The file could not be written (disk full, no permission, a name the system refuses)."""
