"""The Trash list: what was deleted, from where, when and by whom."""

from __future__ import annotations

from typing import Any

from desktop.ui.models.labels import day
from desktop.ui.models.table import Column, RowsModel

TRASH_COLUMNS: list[Column[Any]] = [
    Column("Kind", lambda t: t.kind),
    Column("Item", lambda t: t.label, tooltip=lambda t: t.label or None),
    Column("Belonged to", lambda t: t.context, tooltip=lambda t: t.context or None),
    Column("Deleted", lambda t: day(t.deleted_at)),
    Column("By", lambda t: t.deleted_by),
]


def trash_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(TRASH_COLUMNS, id_of=lambda t: f"{t.table}:{t.id}", parent=parent)
