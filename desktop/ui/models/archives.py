"""The Archives directory list."""

from __future__ import annotations

from typing import Any

from desktop.ui.models.labels import language_label
from desktop.ui.models.table import Column, RowsModel

ARCHIVE_COLUMNS: list[Column[Any]] = [
    Column("Identifier", lambda a: a.identifier),
    Column("Name", lambda a: a.name, tooltip=lambda a: a.name_original or None),
    Column("City", lambda a: a.city),
    Column("Country", lambda a: a.country),
    Column("Letters in", lambda a: language_label(a.language)),
    Column("Questions", lambda a: a.holdings, align_right=True),
    Column("Requests", lambda a: a.requests, align_right=True),
]


def archives_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(ARCHIVE_COLUMNS, parent=parent)
