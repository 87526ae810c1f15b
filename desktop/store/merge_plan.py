"""Planning a merge: compare my project with the incoming copy, field by field, against the last
common state derived from the two change logs (see `desktop.store.merge`)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

from sqlalchemy import Connection, bindparam, func, select, text

from desktop.store import history, repo
from desktop.store.merge_incoming import Incoming
from desktop.store.models import ENTITIES, Change, Stamps

Progress = Callable[[int, int, str], None]
DELETED = "deleted_at"
_MISSING: Any = object()
_CHUNK = 500


def _canon(value: Any) -> str | None:
    """A field value as comparable text: the JSON the change log stores (None stays None)."""
    return None if value is None else repo.encode(value)


def _utc(moment: datetime) -> datetime:
    """Aware UTC (SQLModel stores and returns aware datetimes; older rows may be naive UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _moment(raw: Any) -> datetime:
    """A stored time (SQLite text, or a datetime) as aware UTC."""
    return _utc(raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw)))


def raw_moment(moment: datetime) -> str:
    """A time as SQLAlchemy stores it in SQLite: UTC wall time, sortable as text."""
    return _utc(moment).strftime("%Y-%m-%d %H:%M:%S.%f")


class _Ch(NamedTuple):
    """One change row exactly as stored in either file (same columns as the `change` table)."""

    id: str
    replica_id: str
    seq: int
    author: str
    at: str  # as SQLAlchemy stores it in SQLite: UTC, "YYYY-MM-DD HH:MM:SS.ffffff", sortable
    table_name: str
    row_id: str
    op: str
    field: str | None
    old_value: str | None
    new_value: str | None
    merge_id: str | None

    @property
    def key(self) -> tuple[str, str, int]:
        """Order of changes: by time, then replica and number (ties are rare and harmless)."""
        return (self.at, self.replica_id, self.seq)

    @property
    def moment(self) -> datetime:
        return _moment(self.at)

    def value_of(self, name: str, snapshots: dict[str, dict[str, Any]]) -> Any:
        """The value this change gave `name` (canonical), or _MISSING if it did not touch it."""
        if self.op == "insert":
            if name == DELETED:
                return None
            snapshot = snapshots.get(self.id)
            if snapshot is None:
                snapshot = json.loads(self.new_value or "{}")
                snapshots[self.id] = snapshot
            return _canon(snapshot[name]) if name in snapshot else _MISSING
        if self.field != name:
            return _MISSING
        if name == DELETED:
            return None if self.new_value is None else "deleted"
        return self.new_value  # already the canonical JSON written by repo.encode

    def as_row(self) -> dict[str, Any]:
        """The stored values, to copy the change into my log exactly as it was made."""
        return self._asdict()

    def touches_content(self) -> bool:
        return self.op == "update" and self.field not in (None, DELETED)


_CHANGE_COLUMNS = list(_Ch._fields)
assert [c.name for c in Change.__table__.columns] == _CHANGE_COLUMNS  # type: ignore[attr-defined]


def _read_changes(connection: Connection, column: str, keys: Iterable[str]) -> list[_Ch]:
    """Change rows whose `column` is one of `keys`, raw (no per-value type conversion: fast)."""
    statement = text(f"SELECT {', '.join(_CHANGE_COLUMNS)} FROM change WHERE {column} IN :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    keys = list(keys)
    found: list[_Ch] = []
    for start in range(0, len(keys), _CHUNK):
        rows = connection.execute(statement, {"keys": keys[start : start + _CHUNK]}).all()
        found.extend(map(_Ch._make, rows))
    return found


@dataclass(frozen=True)
class Conflict:
    """One field changed differently on both sides since the last common state."""

    table: str
    row_id: str
    field: str
    record: str  # "Question Q2 · Was Komatsubara ..."
    mine: Any  # plain values (JSON-like: dates as ISO text)
    theirs: Any
    base: Any
    mine_by: str
    mine_at: datetime | None
    theirs_by: str
    theirs_at: datetime | None

    @property
    def key(self) -> str:
        return f"{self.table}:{self.row_id}:{self.field}"

    @property
    def field_label(self) -> str:
        return history.field_label(self.field)

    @property
    def is_note_text(self) -> bool:
        """Note text is never decided field by field: theirs becomes a conflict copy."""
        return self.table == "note" and self.field in ("title", "body")

    @property
    def is_derived(self) -> bool:
        return (self.table, self.field) in DERIVED_FIELDS

    @property
    def automatic(self) -> bool:
        """Settled without asking: note text (both kept) and derived fields (mine kept)."""
        return self.is_note_text or self.is_derived


@dataclass(frozen=True)
class Resolution:
    """What to do with a conflict: keep mine, take theirs, or a value the user edited."""

    choice: Literal["mine", "theirs", "edit"]
    value: Any = None  # for "edit": the new value (checked with `parse_field_text`)


MINE = Resolution("mine")
THEIRS = Resolution("theirs")


@dataclass
class _RowPlan:
    table: str
    row_id: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    take: dict[str, Any] = field(default_factory=dict)  # field -> their value to apply
    conflicts: list[Conflict] = field(default_factory=list)
    deletion: str | None = None  # "delete", "restore", "keep-mine-live", "keep-restored"
    by: dict[str, tuple[str, datetime | None]] = field(default_factory=dict)  # field -> who/when
    logged: set[str] = field(default_factory=set)  # fields explained by an imported change
    tied: dict[str, str] = field(default_factory=dict)  # follower field -> the conflict it follows


# Fields that only make sense together: when the leading field is a conflict, the followers go
# with whichever side the user picks for it (a request closed "withdrawn" on one side and still
# "acknowledged" on the other must not end up acknowledged *and* withdrawn).
TIED_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("request", "status"): (
        "outcome",
        "outcome_note",
        "sent_on",
        "acknowledged_on",
        "closed_on",
        "paused_on",
        "paused_days_left",
        "due_on",
        "due_basis",
    ),
}
# Fields computed from others (the deadline engine recomputes them after a merge): when they
# differ on their own they are no question for the user; mine stays.
DERIVED_FIELDS: frozenset[tuple[str, str]] = frozenset({("request", "due_on"), ("request", "due_basis")})


@dataclass
class MergePlan:
    """What a merge would do. Pure data; `apply_merge` writes it."""

    source_name: str
    source_title: str
    source_revision: str | None
    # (table, their row as stored, the row as values when no insert change of theirs explains it)
    additions: list[tuple[str, dict[str, Any], dict[str, Any] | None]]
    rows: list[_RowPlan]
    skipped: list[tuple[str, dict[str, Any], str]]  # rows not added, and why
    purge_deletes: list[tuple[str, dict[str, Any]]]  # emptied from their Trash, untouched here
    imports: list[_Ch]
    fingerprint: tuple[int, str]
    their_authors: list[str]

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for r in self.rows for c in r.conflicts]

    @property
    def decisions(self) -> list[Conflict]:
        """Conflicts someone must decide (note text conflicts are settled by a conflict copy)."""
        return [c for c in self.conflicts if not c.automatic]

    @property
    def changed_count(self) -> int:
        return sum(1 for r in self.rows if r.take or r.deletion in ("delete", "restore", "keep-restored"))

    @property
    def is_empty(self) -> bool:
        return not (self.additions or self.rows or self.imports or self.purge_deletes)

    def summary(self) -> str:
        parts = [
            f"{len(self.additions)} new record(s)",
            f"{self.changed_count} changed",
            f"{len(self.decisions)} conflict(s) to decide",
        ]
        notes = len({(c.row_id) for c in self.conflicts if c.is_note_text})
        if notes:
            parts.append(f"{notes} note(s) kept in both versions")
        return ", ".join(parts)


def _fingerprint(connection: Connection) -> tuple[int, str]:
    count, latest = connection.execute(select(func.count(), func.max(Change.at))).one()  # type: ignore[arg-type]
    return int(count or 0), str(latest or "")


class _Table:
    """One table of one file, read raw; rows are converted to Python values only when needed."""

    def __init__(self, connection: Connection, entity: type[Stamps]) -> None:
        self.entity = entity
        self.table = entity.__table__  # type: ignore[attr-defined]
        self.name = str(self.table.name)
        self.names = [c.name for c in self.table.columns]
        statement = text(f"SELECT {', '.join(self.names)} FROM {self.name}")
        self.raw: dict[str, tuple[Any, ...]] = {
            row[0]: tuple(row) for row in connection.execute(statement).all()
        }
        dialect = connection.dialect
        self._processors = [
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in self.table.columns
        ]
        self.deleted_index = self.names.index(DELETED)
        self.content_indexes = [self.names.index(n) for n in repo.content_fields(entity)]

    def typed(self, row_id: str) -> dict[str, Any]:
        """A row as Python values (dates, lists, booleans), like the ORM would give."""
        values = self.raw[row_id]
        return {
            name: (proc(value) if proc is not None and value is not None else value)
            for name, proc, value in zip(self.names, self._processors, values, strict=True)
        }

    def as_dict(self, row_id: str) -> dict[str, Any]:
        """A row's raw stored values by column name (copied as they are into my file)."""
        return dict(zip(self.names, self.raw[row_id], strict=True))

    def differs(self, mine: tuple[Any, ...], theirs: tuple[Any, ...]) -> bool:
        if (mine[self.deleted_index] is None) != (theirs[self.deleted_index] is None):
            return True
        return any(mine[i] != theirs[i] for i in self.content_indexes)


def _who(changes: list[_Ch]) -> tuple[str, datetime | None]:
    if not changes:
        return history.OUTSIDE, None
    latest = max(changes, key=lambda c: c.key)
    return latest.author or history.OUTSIDE, latest.moment


def _plain(canonical: str | None) -> Any:
    return None if canonical is None else json.loads(canonical)


def plan_merge(connection: Connection, incoming: Incoming, *, progress: Progress | None = None) -> MergePlan:
    """Compare my project (on `connection`) with the incoming copy; decide field by field."""
    report = progress or (lambda *_: None)
    with incoming.engine.connect() as theirs_con:
        report(0, 4, "Reading the change logs")
        mine_ids = set(connection.execute(text("SELECT id FROM change")).scalars())
        theirs_ids = set(theirs_con.execute(text("SELECT id FROM change")).scalars())
        imports = sorted(
            _read_changes(theirs_con, "id", theirs_ids - mine_ids), key=lambda c: (c.replica_id, c.seq)
        )

        report(1, 4, "Comparing records")
        mine_tables: dict[str, _Table] = {}
        theirs_tables: dict[str, _Table] = {}
        candidates: list[tuple[str, str]] = []
        only_theirs: list[tuple[str, str]] = []
        only_mine: list[tuple[str, str]] = []
        for entity in ENTITIES:
            mt, tt = _Table(connection, entity), _Table(theirs_con, entity)
            mine_tables[mt.name], theirs_tables[tt.name] = mt, tt
            for rid, t in tt.raw.items():
                m = mt.raw.get(rid)
                if m is None:
                    only_theirs.append((mt.name, rid))
                elif mt.differs(m, t):
                    candidates.append((mt.name, rid))
            only_mine.extend((mt.name, rid) for rid in mt.raw.keys() - tt.raw.keys())

        report(2, 4, "Finding the last common state")
        wanted = [rid for _, rid in candidates + only_theirs + only_mine]
        mine_log: dict[str, list[_Ch]] = defaultdict(list)
        theirs_log: dict[str, list[_Ch]] = defaultdict(list)
        for change in _read_changes(connection, "row_id", wanted):
            mine_log[change.row_id].append(change)
        for change in _read_changes(theirs_con, "row_id", wanted):
            theirs_log[change.row_id].append(change)
        fingerprint = _fingerprint(connection)

    report(3, 4, "Deciding field by field")
    snapshots: dict[str, dict[str, Any]] = {}
    rows: list[_RowPlan] = []
    for table, rid in candidates:
        plan = _plan_row(
            mine_tables[table].entity,
            mine_tables[table].typed(rid),
            theirs_tables[table].typed(rid),
            mine_log[rid],
            theirs_log[rid],
            mine_ids,
            theirs_ids,
            snapshots,
        )
        if plan is not None:
            rows.append(plan)

    additions: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    skipped: list[tuple[str, dict[str, Any], str]] = []
    for table, rid in only_theirs:
        row = theirs_tables[table].as_dict(rid)
        logged = any(c.op == "insert" for c in theirs_log[rid])
        if mine_log[rid]:  # I had it and emptied it from my Trash: add back only if they edited it
            edited = any(c.touches_content() and c.id not in mine_ids for c in theirs_log[rid])
            if not edited or row[DELETED] is not None:
                skipped.append((table, row, "emptied from the Trash in this project"))
                continue
        clash = _unique_clash(theirs_tables[table], row, mine_tables[table])
        if clash:
            skipped.append((table, row, clash))
            continue
        additions.append((table, row, None if logged else theirs_tables[table].typed(rid)))

    purge_deletes: list[tuple[str, dict[str, Any]]] = []
    for table, rid in only_mine:
        row = mine_tables[table].typed(rid)
        if not theirs_log[rid] or row[DELETED] is not None:
            continue  # my addition (or already in my Trash)
        mine_edited = any(c.touches_content() and c.id not in theirs_ids for c in mine_log[rid])
        if not mine_edited:
            purge_deletes.append((table, row))

    authors = sorted({c.author or history.OUTSIDE for c in imports})
    report(4, 4, "Compared")
    return MergePlan(
        source_name=incoming.source.name,
        source_title=incoming.title,
        source_revision=incoming.revision,
        additions=additions,
        rows=rows,
        skipped=skipped,
        purge_deletes=purge_deletes,
        imports=imports,
        fingerprint=fingerprint,
        their_authors=authors,
    )


def _unique_clash(theirs: _Table, row: dict[str, Any], mine: _Table) -> str:
    for column in theirs.table.columns:
        if column.unique and not column.primary_key:
            index, value = mine.names.index(column.name), row[column.name]
            if any(other[index] == value for other in mine.raw.values()):
                return f"this project already has a {history.kind_label(mine.name).lower()} {value!r}"
    return ""


def _plan_row(
    entity: type[Stamps],
    m: dict[str, Any],
    t: dict[str, Any],
    mine_log: list[_Ch],
    theirs_log: list[_Ch],
    mine_ids: set[str],
    theirs_ids: set[str],
    snapshots: dict[str, dict[str, Any]],
) -> _RowPlan | None:
    table = str(entity.__tablename__)
    common = sorted((c for c in mine_log if c.id in theirs_ids), key=lambda c: c.key, reverse=True)
    mine_only = [c for c in mine_log if c.id not in theirs_ids]
    theirs_only = [c for c in theirs_log if c.id not in mine_ids]
    plan = _RowPlan(table, m["id"], m, t)

    def base_of(name: str) -> Any:
        for change in common:
            value = change.value_of(name, snapshots)
            if value is not _MISSING:
                return value
        return _MISSING

    def touching(changes: list[_Ch], name: str) -> list[_Ch]:
        return [c for c in changes if c.value_of(name, snapshots) is not _MISSING]

    mine_edited = theirs_edited = False
    for name in repo.content_fields(entity):
        if m[name] == t[name]:
            continue
        mc, base = _canon(m[name]), base_of(name)
        if base is _MISSING:  # no shared history of this field: trust the logs, else ask
            mine_touch, theirs_touch = touching(mine_only, name), touching(theirs_only, name)
            side = (
                "theirs"
                if theirs_touch and not mine_touch
                else "mine"
                if mine_touch and not theirs_touch
                else ""
            )
        else:
            side = "theirs" if base == mc else "mine" if base == _canon(t[name]) else ""
            mine_touch = touching(mine_only, name) if not side else []
            theirs_touch = touching(theirs_only, name) if side != "mine" else []
        tc = _canon(t[name]) if side != "mine" else None
        if side == "theirs":
            plan.take[name] = t[name]
            plan.by[name] = _who(theirs_touch)
            if theirs_touch and max(theirs_touch, key=lambda c: c.key).value_of(name, snapshots) == tc:
                plan.logged.add(name)
            theirs_edited = True
        elif side == "mine":
            mine_edited = True
        else:
            mine_by, mine_at = _who(mine_touch)
            theirs_by, theirs_at = _who(theirs_touch)
            plan.conflicts.append(
                Conflict(
                    table=table,
                    row_id=m["id"],
                    field=name,
                    record=history.describe(table, m),
                    mine=_plain(mc),
                    theirs=_plain(tc),
                    base=None if base is _MISSING else _plain(base),
                    mine_by=mine_by,
                    mine_at=mine_at,
                    theirs_by=theirs_by,
                    theirs_at=theirs_at,
                )
            )
            mine_edited = theirs_edited = True
    # Edits since the common state that both sides happen to agree on still count as edits.
    mine_edited = mine_edited or any(c.touches_content() for c in mine_only)
    theirs_edited = theirs_edited or any(c.touches_content() for c in theirs_only)

    m_deleted, t_deleted = m[DELETED] is not None, t[DELETED] is not None
    if m_deleted != t_deleted:
        base = base_of(DELETED)
        base_deleted = None if base is _MISSING else base is not None
        if base_deleted is None:
            plan.deletion = "restore" if m_deleted else "keep-mine-live"  # keep the live one
        elif base_deleted == m_deleted:  # they deleted or restored it
            if t_deleted and mine_edited:
                plan.deletion = "keep-mine-live"  # delete against edit keeps the record
            else:
                plan.deletion = "delete" if t_deleted else "restore"
                plan.by[DELETED] = _who(touching(theirs_only, DELETED))
        elif m_deleted and theirs_edited:
            plan.deletion = "keep-restored"  # I deleted, they edited: keep the record
            plan.by[DELETED] = _who([c for c in theirs_only if c.touches_content()])
    _tie(plan)
    if not plan.take and not plan.conflicts and plan.deletion in (None, "keep-mine-live"):
        return plan if plan.deletion else None
    return plan


def _tie(plan: _RowPlan) -> None:
    """Followers of a conflicting leading field follow its resolution instead of being merged alone."""
    for (table, lead), followers in TIED_FIELDS.items():
        if table != plan.table or not any(c.field == lead for c in plan.conflicts):
            continue
        for name in followers:
            if plan.mine[name] != plan.theirs[name]:
                plan.take.pop(name, None)
                plan.by.pop(name, None)
                plan.logged.discard(name)
                plan.conflicts = [c for c in plan.conflicts if c.field != name]
                plan.tied[name] = lead
