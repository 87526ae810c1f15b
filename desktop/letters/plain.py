"""Letters as plain text: UTF-8, the exact text that is recorded with the request."""

from __future__ import annotations

from pathlib import Path

from desktop.letters.render import Letter


def letter_as_text(letter: Letter) -> str:
    """The letter with its subject line first, as a text file or a mail body shows it."""
    return letter.text + "\n"


def write_text(letter: Letter, path: Path) -> Path:
    # newline="" keeps "\n": editors on every system read it, and the bytes match the record
    path.write_text(letter_as_text(letter), encoding="utf-8", newline="")
    return path
