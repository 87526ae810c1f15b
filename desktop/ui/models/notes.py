"""A question's notes: title, author, last change."""

from __future__ import annotations

from typing import Any

from desktop.ui.models.labels import day
from desktop.ui.models.table import Column, RowsModel

NOTE_COLUMNS: list[Column[Any]] = [
    Column("Title", lambda n: n.title or "(untitled)", tooltip=lambda n: n.title or None),
    Column("Author", lambda n: n.created_by),
    Column(
        "Changed",
        lambda n: day(n.updated_at)[:10],
        tooltip=lambda n: f"{day(n.updated_at)} by {n.updated_by}; created {day(n.created_at)}",
    ),
]


class NotesModel(RowsModel[Any]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(NOTE_COLUMNS, parent=parent)
