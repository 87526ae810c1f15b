"""The lists of the request window: timeline, tracking numbers, letters, attachments."""

from __future__ import annotations

from typing import Any

from desktop.ui.models.labels import day, outcome_label, status_label
from desktop.ui.models.table import Column, RowsModel


def _step(e: Any) -> str:
    start = status_label(e.from_status) if e.from_status else "(new)"
    return f"{start} → {status_label(e.to_status)}"


EVENT_COLUMNS: list[Column[Any]] = [
    Column("Date", lambda e: day(e.occurred_on)),
    Column("Step", _step),
    Column("Note", lambda e: e.note, tooltip=lambda e: e.note or None),
    Column("By", lambda e: e.created_by),
]

TRACKING_COLUMNS: list[Column[Any]] = [
    Column("Number", lambda t: t.number),
    Column("Issued by", lambda t: t.issued_by),
    Column("Reason", lambda t: t.reason.capitalize()),
    Column("Date", lambda t: day(t.issued_on)),
    Column("Current", lambda t: "yes" if t.current else ""),
]

_ARROWS = {"out": "→ sent", "in": "← received"}

LETTER_COLUMNS: list[Column[Any]] = [
    Column("Date", lambda c: day(c.communication.dated_on)),
    Column("Direction", lambda c: _ARROWS.get(c.communication.direction, c.communication.direction)),
    Column("Channel", lambda c: c.communication.channel.replace("_", " ")),
    Column("Category", lambda c: c.communication.category.replace("_", " ")),
    Column("Subject", lambda c: c.communication.subject, tooltip=lambda c: c.communication.subject or None),
    Column("Files", lambda c: len(c.attachments) or "", align_right=True),
]

ATTACHMENT_COLUMNS: list[Column[Any]] = [
    Column("File", lambda a: a.file_name),
    Column("Size", lambda a: _size(a.size), align_right=True),
    Column("SHA-256", lambda a: a.sha256[:16] + "…" if a.sha256 else "", tooltip=lambda a: a.sha256 or None),
]


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def events_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(EVENT_COLUMNS, parent=parent)


def tracking_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(TRACKING_COLUMNS, parent=parent)


def letters_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(LETTER_COLUMNS, id_of=lambda c: c.communication.id, parent=parent)


def attachments_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(ATTACHMENT_COLUMNS, parent=parent)


__all__ = ["outcome_label"]
