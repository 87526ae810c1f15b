"""Table models over query rows: columns declared as data, rows kept as frozen values.

`RowsModel` holds a small list (a question's notes, holdings, the archives). `LazyRowsModel`
holds only an ordered list of ids (sorted and filtered in SQL) and reads the rows of a block of
ids when the view first asks for one of them, so a list of 100,000 requests costs one id column
up front and a screenful of rows per scroll. When an index keeps the order (`set_pages`), not
even the ids are read up front: the count, then the ids and rows of each block as it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id (str)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row value itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the SQL sort key of the column (str | None)


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, what it shows, and optionally tooltip, colours, alignment, sort key."""

    title: str
    display: Callable[[T], Any]
    tooltip: Callable[[T], str | None] | None = None
    foreground: Callable[[T], QColor | None] | None = None
    background: Callable[[T], QColor | None] | None = None
    align_right: bool = False
    sort: str | None = None  # the key the SQL query sorts by, when the column is sortable


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        ID_ROLE,
        ROW_ROLE,
    }
)


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table of rows; `set_rows` replaces them (views restore their selection by id)."""

    def __init__(
        self, columns: Sequence[Column[T]], id_of: Callable[[T], str] | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._id_of = id_of or (lambda row: row.id)  # type: ignore[attr-defined]
        self._rows: list[T] = []
        # When set, sorting is done by the caller in SQL: sorter(sort key, descending).
        self.sorter: Callable[[str, bool], None] | None = None

    # --- content ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def id_at(self, row: int) -> str:
        return self._id_of(self._rows[row])

    def row_of_id(self, row_id: str) -> int:
        """The row showing `row_id`, or -1."""
        for n, row in enumerate(self._rows):
            if self._id_of(row) == row_id:
                return n
        return -1

    # --- Qt ----------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks: SQL sorting through `sorter` when the column has a key, else in memory."""
        if not 0 <= column < len(self.columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = self.columns[column].sort
        if self.sorter is not None:
            if key is not None:
                self.sorter(key, descending)
            return
        display = self.columns[column].display

        def sort_key(row: T) -> tuple[int, Any]:
            value = display(row)
            return (0, value) if isinstance(value, int | float) else (1, str(value or "").casefold())

        self.beginResetModel()
        self._rows.sort(key=sort_key, reverse=descending)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == SORT_ROLE:
            return self.columns[section].sort
        return None

    def _row_for(self, index: Index) -> T | None:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks ~7 roles per cell (font, decoration, check state...): answer the ones no
        # column serves before looking the row up (a screenful of requests is ~1,800 calls).
        if role not in _ROLES:
            return None
        column = index.column()
        if not 0 <= column < len(self.columns):
            return None
        spec = self.columns[column]
        if (
            (role == Qt.ItemDataRole.ToolTipRole and spec.tooltip is None)
            or (role == Qt.ItemDataRole.ForegroundRole and spec.foreground is None)
            or (role == Qt.ItemDataRole.BackgroundRole and spec.background is None)
            or (role == Qt.ItemDataRole.TextAlignmentRole and not spec.align_right)
        ):
            return None
        row = self._row_for(index)
        if row is None:
            return None
        return self._cell(row, spec, role)

    def _cell(self, row: T, column: Column[T], role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.display(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            colour = column.background(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return self._id_of(row)
        if role == ROW_ROLE:
            return row
        return None


class LazyRowsModel(RowsModel[T]):
    """Rows read on demand, a block at a time, from an ordered list of ids."""

    BLOCK = 100

    def __init__(
        self,
        columns: Sequence[Column[T]],
        fetch: Callable[[list[str]], list[T]],
        id_of: Callable[[T], str] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, id_of, parent)
        self._fetch = fetch
        self._ids: list[str | None] = []  # None: not read yet (paged)
        self._page: Callable[[int, int], list[str]] | None = None
        self._all_ids: Callable[[], list[str]] | None = None
        self._cache: dict[str, T] = {}
        self._blocks: set[int] = set()

    def set_ids(self, ids: Sequence[str]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._page = self._all_ids = None
        self._cache.clear()
        self._blocks.clear()
        self.endResetModel()

    def set_pages(
        self, count: int, page: Callable[[int, int], list[str]], all_ids: Callable[[], list[str]]
    ) -> None:
        """`count` rows whose ids are read a block at a time: `page(offset, limit)`; `all_ids()`
        reads them all when something needs the whole list (finding a row by id)."""
        self.beginResetModel()
        self._ids = [None] * count
        self._page, self._all_ids = page, all_ids
        self._cache.clear()
        self._blocks.clear()
        self.endResetModel()

    def forget_rows(self) -> None:
        """Drop the rows read so far (they are read again when shown)."""
        self._cache.clear()
        self._blocks.clear()
        if self._page is not None:
            self._ids = [None] * len(self._ids)

    def _complete(self) -> None:
        if self._all_ids is not None and None in self._ids:
            ids = self._all_ids()
            self._ids = list(ids[: len(self._ids)]) + [None] * (len(self._ids) - len(ids))

    def ids(self) -> list[str]:
        self._complete()
        return [i for i in self._ids if i is not None]

    def set_rows(self, rows: Sequence[T]) -> None:  # a lazy model is filled with ids
        raise TypeError("use set_ids on a LazyRowsModel")

    def rows(self) -> list[T]:
        return [self.row_at(n) for n in range(len(self._ids))]

    def row_at(self, row: int) -> T:
        self._ensure(row)
        return self._cache[self._ids[row]]  # type: ignore[index]

    def id_at(self, row: int) -> str:
        self._ensure_ids(row // self.BLOCK)
        return self._ids[row] or ""

    def row_of_id(self, row_id: str) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            pass
        if None not in self._ids:
            return -1
        self._complete()
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def cached_rows(self) -> int:
        return len(self._cache)

    def _ensure_ids(self, block: int) -> None:
        first = block * self.BLOCK
        ids = self._ids[first : first + self.BLOCK]
        if self._page is None or None not in ids:
            return
        for n, row_id in enumerate(self._page(first, len(ids))):
            self._ids[first + n] = row_id

    def _ensure(self, row: int) -> None:
        block = row // self.BLOCK
        if block in self._blocks:
            return
        self._ensure_ids(block)
        ids = [i for i in self._ids[block * self.BLOCK : (block + 1) * self.BLOCK] if i is not None]
        for value in self._fetch(ids):
            self._cache[self._id_of(value)] = value
        self._blocks.add(block)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def _row_for(self, index: Index) -> T | None:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._ids):
            return None
        self._ensure(index.row())
        row_id = self._ids[index.row()]
        return self._cache.get(row_id) if row_id is not None else None  # None: deleted since counted


class RowsProxy(QSortFilterProxyModel):
    """A `RowsModel` as a long list view sees it: the same rows in the same order, counted in C++.

    Laying out a QListView asks the model for an index of every row, twice, and each index of a
    Python model costs two calls into Python (rowCount, columnCount): 8,000 calls and ~10 ms for
    2,000 questions at every open. Through this proxy, which keeps the row count in C++ and never
    sorts or filters, the layout costs ~0.3 ms; the cells are still read from the model. The
    model's own methods (`set_rows`, `row_at`, `id_at`, `row_of_id`, ...) are reachable on the
    proxy, and its rows are the model's rows, so callers use it as they would the model.
    """

    def __init__(self, model: RowsModel[Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)  # never re-orders: row n is the model's row n
        self.rows_model = model
        self.setSourceModel(model)

    def __getattr__(self, name: str) -> Any:  # the model's methods and attributes
        if name == "rows_model":  # not set yet (during __init__)
            raise AttributeError(name)
        return getattr(self.rows_model, name)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.rows_model.sort(column, order)  # the model sorts (in SQL, or its own rows)
