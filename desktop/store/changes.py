"""The small value every write returns: which tables and rows changed. The UI broadcasts it and
each pane decides whether to reload (Anki's OpChanges idea)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    tables: frozenset[str] = frozenset()
    row_ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, table: str, *row_ids: str) -> Changes:
        return cls(frozenset({table}), frozenset(row_ids))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.tables | other.tables, self.row_ids | other.row_ids)

    def __bool__(self) -> bool:
        return bool(self.tables)

    def touches(self, *tables: str) -> bool:
        return not self.tables.isdisjoint(tables)

    @classmethod
    def union(cls, items: Iterable[Changes]) -> Changes:
        result = cls()
        for item in items:
            result = result | item
        return result


@dataclass(frozen=True)
class Written(Generic[T]):
    """The row as stored after a write, and what the write changed."""

    row: T
    changes: Changes
