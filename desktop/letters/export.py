"""Exporting letters: one request or many, to PDF, DOCX, e-mail or text, and recording them.

Used by the preview dialog, the batch dialog (on the task runner's worker thread) and
`quaestio export-letter`. Each letter is written to a temporary file and renamed into place, so
a failed export leaves no half-written file; only then is it recorded in the project (an
outgoing Communication, and draft -> ready), so the project never claims a letter that is not
on disk. Nothing is overwritten: a second export gets "name (2).pdf".
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.config import Researcher
from desktop.letters.context import KIND_LABELS
from desktop.letters.data import letter_source, record_letter
from desktop.letters.errors import ExportFailed, LetterRefused
from desktop.letters.filenames import safe_filename, unique_path
from desktop.letters.render import Letter, profile_gaps, render_letter
from desktop.store.errors import QuaestioError, ReadOnlyProject

FORMATS: dict[str, str] = {"pdf": ".pdf", "docx": ".docx", "eml": ".eml", "txt": ".txt"}
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "eml": "E-mail (.eml)", "txt": "Plain text"}
CHANNELS = {"eml": "email"}  # everything else is printed and posted


def write_letter(letter: Letter, fmt: str, path: Path) -> Path:
    """Write one letter in `fmt` to exactly `path` (atomically)."""
    if fmt not in FORMATS:
        raise ExportFailed(f"{fmt!r} is not a letter format (expected one of: {', '.join(FORMATS)}).")
    tmp = path.with_name(f".{path.stem[:40]}.{os.getpid()}.part{path.suffix}")
    try:
        if fmt == "pdf":
            from desktop.letters.pdf import write_pdf  # Qt, only when a PDF is wanted

            write_pdf(letter, tmp)
        elif fmt == "docx":
            from desktop.letters.word import write_docx

            write_docx(letter, tmp)
        elif fmt == "eml":
            from desktop.letters.mail import write_email

            write_email(letter, tmp)
        else:
            from desktop.letters.plain import write_text

            write_text(letter, tmp)
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise ExportFailed(f"Could not write {path.name}: nothing was written (is the folder writable?).")
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportFailed(f"Could not write {path.name}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return path


def suggested_filename(letter: Letter, fmt: str) -> str:
    """ "2026-11-26 RGVA – copies – Об изготовлении копий ….pdf" (safe on every system)."""
    kind = KIND_LABELS["en"].get(letter.kind, letter.kind)
    name = f"{letter.dated.isoformat()} {letter.archive_identifier} – {kind} – {letter.subject}"
    return safe_filename(name, suffix=FORMATS[fmt])


def prepare(
    project: Any, request_id: str, researcher: Researcher, today: date, kind: str | None = None
) -> Letter:
    """Render the letter for a request; refuses (LetterRefused) when something is missing."""
    source = project.read(letter_source, request_id=request_id, kind=kind)
    return render_letter(source, researcher, today)


def record(project: Any, letter: Letter, fmt: str) -> None:
    """File the exported letter with its request (and move a draft to ready)."""
    project.write(
        record_letter,
        request_id=letter.request_id,
        subject=letter.subject,
        body=letter.text,
        language=letter.language,
        kind=letter.kind,
        channel=CHANNELS.get(fmt, "post"),
        on=letter.dated,
    )


def check_profile(researcher: Researcher) -> None:
    """Refuse before any work when the researcher profile cannot sign a letter."""
    gaps = profile_gaps(researcher)
    if gaps:
        raise LetterRefused(
            "Fill in your researcher profile in Preferences before writing letters: "
            f"{', '.join(gaps)} missing.",
            [f"researcher profile: {gap}" for gap in gaps],
        )


def _writable(project: Any) -> None:
    if project.readonly:
        raise ReadOnlyProject(
            f"{project.path.name} is open read-only ({project.readonly_reason}); exporting a letter "
            "records it with its request, so open the project for writing first."
        )


def export_letter(project: Any, letter: Letter, fmt: str, path: Path) -> Path:
    """Write an already rendered letter to `path` and record it."""
    _writable(project)
    written = write_letter(letter, fmt, path)
    record(project, letter, fmt)
    return written


@dataclass
class BatchReport:
    """What a batch export did: files written, requests refused (with why), and if it was cancelled."""

    written: list[tuple[str, Path]] = field(default_factory=list)  # (request id, file)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (request id, label, reason)
    cancelled: bool = False

    @property
    def summary(self) -> str:
        parts = [f"{len(self.written)} letter{'s' if len(self.written) != 1 else ''} written"]
        if self.failed:
            parts.append(f"{len(self.failed)} not written")
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts)


def export_many(
    project: Any,
    request_ids: Sequence[str],
    fmt: str,
    folder: Path,
    researcher: Researcher,
    today: date,
    *,
    kind: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatchReport:
    """Export the letters of many requests into `folder`; one refusal does not stop the rest."""
    _writable(project)
    if fmt not in FORMATS:
        raise ExportFailed(f"{fmt!r} is not a letter format (expected one of: {', '.join(FORMATS)}).")
    check_profile(researcher)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportFailed(f"Cannot use the folder {folder}: {exc.strerror or exc}.") from None
    report = BatchReport()
    total = len(request_ids)
    for done, request_id in enumerate(request_ids):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        label = request_id[:8]
        try:
            letter = prepare(project, request_id, researcher, today, kind)
            label = f"{letter.archive_identifier}: {letter.subject}"
            if progress is not None:
                progress(done, total, label)
            path = unique_path(folder, suggested_filename(letter, fmt))
            write_letter(letter, fmt, path)
            record(project, letter, fmt)
            report.written.append((request_id, path))
        except QuaestioError as exc:
            report.failed.append((request_id, label, str(exc)))
    if progress is not None:
        progress(len(report.written) + len(report.failed), total, report.summary)
    return report
