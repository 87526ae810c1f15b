"""Table views set up the same way everywhere: whole-row selection, no grid clutter, fixed row
height (so long lists never measure every row), selection kept by id across reloads."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.ui.models.table import RowsModel


def make_table(
    parent: QWidget | None,
    model: RowsModel,  # type: ignore[type-arg]
    *,
    stretch: int | None = None,
    sortable: bool = False,
    multi: bool = False,
    name: str = "",
) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setAccessibleName(name)
    view.setObjectName(name.replace(" ", "_").lower() or "table")
    vertical = view.verticalHeader()
    vertical.hide()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().lineSpacing() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the query's own order at first
        view.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
    return view


def fit_columns(view: QTableView, widths: dict[int, int]) -> None:
    """Starting column widths in characters (the user's own sizes are restored afterwards)."""
    char = view.fontMetrics().averageCharWidth()
    for column, chars in widths.items():
        view.setColumnWidth(column, chars * char + 16)


def selected_ids(view: QTableView) -> list[str]:
    model = view.model()
    assert isinstance(model, RowsModel)
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    return [model.id_at(r) for r in rows if 0 <= r < model.rowCount()]


def current_id(view: QTableView) -> str | None:
    ids = selected_ids(view)
    return ids[0] if ids else None


def select_id(view: QTableView, row_id: str | None) -> bool:
    model = view.model()
    assert isinstance(model, RowsModel)
    row = model.row_of_id(row_id) if row_id else -1
    if row < 0:
        return False
    index = model.index(row, 0)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.scrollTo(index)
    return True


def keep_selection(view: QTableView, reload: Callable[[], None]) -> None:
    """Run `reload` (which resets the model) and select the same rows again."""
    ids = selected_ids(view)
    reload()
    for row_id in ids[:1]:
        select_id(view, row_id)


def context_actions(view: QWidget, *entries: tuple[str, Callable[[], object]]) -> None:
    """A right-click menu on `view` with these (text, handler) entries."""
    from PySide6.QtGui import QAction

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for text, handler in entries:
        action = QAction(text, view)
        action.triggered.connect(lambda _checked=False, h=handler: h())
        view.addAction(action)
