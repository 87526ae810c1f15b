"""Applying a merge plan: everything in ONE transaction on my project, with the change log kept
complete (their changes imported with their authors, the merge's own decisions recorded)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, func, insert, select, text, update

from desktop.store import history, repo
from desktop.store.errors import QuaestioError
from desktop.store.merge_plan import (
    DELETED,
    Conflict,
    MergePlan,
    Progress,
    Resolution,
    _canon,
    _Ch,
    _fingerprint,
    _moment,
    _plain,
    _RowPlan,
    _utc,
    raw_moment,
)
from desktop.store.merge_report import MergeReport, ReportItem, ResolvedConflict, local_time
from desktop.store.models import ENTITIES, Change, MergeRecord, Note, new_id, utcnow


class MergeStale(QuaestioError):
    """My project changed between planning and applying; nothing was applied."""


class MergeNeedsDecisions(QuaestioError):
    """Conflicts without a resolution; nothing was applied."""


def parse_field_text(table: str, name: str, text: str) -> Any:
    """A value the user typed for a field (in the conflict dialog) checked like any edit.

    Lists are written comma-separated, mappings as 'key value; key value'; dates as YYYY-MM-DD.
    Raises InvalidValue with a message saying what is wrong.
    """
    from desktop.store.models import BY_TABLE

    entity = BY_TABLE[table]
    annotation = entity.model_fields[name].annotation
    value: Any = text.strip()
    if annotation == list[str]:
        value = [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]
    elif annotation == dict[str, str]:
        value = {}
        for part in text.replace("\n", ";").split(";"):
            if part.strip():
                key, _, rest = part.strip().partition(" ")
                value[key] = rest.strip()
    elif annotation in (str | None,) and value == "":
        value = None
    return repo._check_fields(entity, {name: value})[name]


def _stored(table: str, name: str, value: Any) -> Any:
    """A plain (JSON-like) conflict value back to the column's Python type."""
    from desktop.store.models import BY_TABLE

    if value is None:
        return None
    return repo._adapter(BY_TABLE[table], name).validate_python(value)


class _Writer:
    """Collects the merge's own change rows (my replica, this merge's id)."""

    def __init__(self, connection: Connection, replica: str, author: str, merge_id: str) -> None:
        self.replica, self.author, self.merge_id = replica, author, merge_id
        last = connection.execute(select(func.max(Change.seq)).where(Change.replica_id == replica)).scalar()
        self.seq = int(last or 0)
        self.rows: list[dict[str, Any]] = []
        self.now = utcnow()

    def add(
        self,
        table: str,
        row_id: str,
        op: str,
        name: str | None,
        old: Any,
        new: Any,
        after: datetime | None = None,
    ) -> None:
        self.seq += 1
        # Never earlier than the changes it settles, so it is the latest common change later on.
        at = max(self.now, _utc(after) + timedelta(milliseconds=1)) if after else self.now
        self.rows.append(
            {
                "id": new_id(),
                "replica_id": self.replica,
                "seq": self.seq,
                "author": self.author,
                "at": raw_moment(at),
                "table_name": table,
                "row_id": row_id,
                "op": op,
                "field": name,
                "old_value": _canon(old),
                "new_value": _canon(new),
                "merge_id": self.merge_id,
            }
        )


def apply_merge(
    connection: Connection,
    plan: MergePlan,
    *,
    resolutions: Mapping[str, Resolution] | None = None,
    prefer: Literal["mine", "theirs"] | None = None,
    author: str,
    replica_id: str,
    backup: Path,
    progress: Progress | None = None,
) -> MergeReport:
    """Write the plan into my project in one transaction on `connection`; return the report.

    Every conflict needs a resolution (from `resolutions`, else `prefer`), otherwise
    MergeNeedsDecisions is raised before anything is written.
    """
    report = progress or (lambda *_: None)
    resolutions = dict(resolutions or {})
    missing = [c for c in plan.decisions if c.key not in resolutions and prefer is None]
    if missing:
        raise MergeNeedsDecisions(
            f"{len(missing)} conflict(s) need a decision (mine, theirs or an edited value); "
            "nothing was merged."
        )
    merge_id = new_id()
    items: list[ReportItem] = []
    resolved: list[ResolvedConflict] = []
    merged_at = utcnow()
    tables = {str(e.__tablename__): e.__table__ for e in ENTITIES}  # type: ignore[attr-defined]
    if connection.in_transaction():
        connection.rollback()

    with connection.begin():
        if _fingerprint(connection) != plan.fingerprint:
            raise MergeStale(
                "The project changed while the merge was being prepared; merge again to compare the "
                "current state. Nothing was merged."
            )
        writer = _Writer(connection, replica_id, author, merge_id)
        # The first write opens the transaction; then links are checked once, at commit.
        connection.execute(
            insert(MergeRecord.__table__),  # type: ignore[attr-defined]
            {
                "id": merge_id,
                "merged_at": merged_at,
                "author": author,
                "replica_id": replica_id,
                "source_name": plan.source_name,
                "source_authors": plan.their_authors,
                "report": "",
                "backup_path": str(backup),
                "added": 0,
                "changed": 0,
                "conflicts": 0,
                "imported_changes": 0,
            },
        )
        connection.execute(text("PRAGMA defer_foreign_keys = ON"))
        total = len(plan.additions) + len(plan.rows) + len(plan.imports) + 1
        report(0, total, "Adding new records")

        by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for table, row, typed in plan.additions:
            by_table[table].append(row)
            items.append(
                ReportItem(
                    "added",
                    table,
                    row["id"],
                    history.describe(table, row),
                    None,
                    row["created_by"] or history.OUTSIDE,
                    _moment(row["created_at"]),
                )
            )
            if typed is not None:  # added outside Quaestio: no insert change to import
                content = {k: v for k, v in typed.items() if k not in repo.STAMP_FIELDS}
                writer.add(table, row["id"], "insert", None, None, content)
        for table, rows in by_table.items():
            _insert_raw(connection, table, rows)
        report(len(plan.additions), total, "Applying changes")

        updates: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = defaultdict(list)
        copies: list[dict[str, Any]] = []
        for done, row_plan in enumerate(plan.rows, start=len(plan.additions)):
            values = _apply_row(row_plan, resolutions, prefer, writer, items, resolved, copies)
            if values:
                m, t = row_plan.mine, row_plan.theirs
                took_theirs = set(values) <= set(row_plan.take) | {DELETED}
                newer = t if took_theirs and t["updated_at"] >= m["updated_at"] else None
                values["version"] = max(m["version"], t["version"]) + 1
                values["updated_at"] = newer["updated_at"] if newer else writer.now
                values["updated_by"] = newer["updated_by"] if newer else author
                values["_id"] = row_plan.row_id
                updates[(row_plan.table, frozenset(values))].append(values)
            if done % 500 == 0:
                report(done, total, "Applying changes")
        for (table, names), batch in updates.items():
            target = tables[table]
            statement = (
                update(target)
                .where(target.c.id == bindparam("_id"))
                .values({n: bindparam(f"v_{n}", type_=target.c[n].type) for n in names if n != "_id"})
            )
            connection.execute(
                statement, [{("_id" if k == "_id" else f"v_{k}"): v for k, v in b.items()} for b in batch]
            )
        for table, row in plan.purge_deletes:
            target = tables[table]
            connection.execute(
                update(target)
                .where(target.c.id == row["id"])
                .values(deleted_at=merged_at, version=row["version"] + 1)
            )
            writer.add(table, row["id"], "delete", DELETED, None, merged_at)
            items.append(
                ReportItem(
                    "deleted",
                    table,
                    row["id"],
                    history.describe(table, row),
                    None,
                    history.OUTSIDE,
                    None,
                    "emptied from the Trash in their copy",
                )
            )
        for table, row, why in plan.skipped:
            items.append(
                ReportItem(
                    "skipped",
                    table,
                    row["id"],
                    history.describe(table, row),
                    None,
                    row["created_by"] or history.OUTSIDE,
                    _moment(row["created_at"]),
                    why,
                )
            )
        if copies:
            connection.execute(insert(Note.__table__), copies)  # type: ignore[attr-defined]

        report(len(plan.additions) + len(plan.rows), total, "Recording their changes")
        if plan.imports:
            _insert_raw(connection, "change", _renumbered(connection, plan.imports, merge_id))
        if writer.rows:
            _insert_raw(connection, "change", writer.rows)

        result = MergeReport(
            merge_id=merge_id,
            source_name=plan.source_name,
            merged_at=merged_at,
            merged_by=author,
            backup=str(backup),
            imported_changes=len(plan.imports),
            items=items,
            conflicts=resolved,
        )
        connection.execute(
            update(MergeRecord.__table__)  # type: ignore[attr-defined]
            .where(MergeRecord.__table__.c.id == merge_id)  # type: ignore[attr-defined]
            .values(
                added=result.count("added"),
                changed=result.count("changed"),
                conflicts=len(resolved),
                imported_changes=len(plan.imports),
                report=result.to_json(),
            )
        )
        report(total - 1, total, "Checking links between records")
    report(total, total, "Merged")
    return result


def _apply_row(
    row_plan: _RowPlan,
    resolutions: Mapping[str, Resolution],
    prefer: str | None,
    writer: _Writer,
    items: list[ReportItem],
    resolved: list[ResolvedConflict],
    copies: list[dict[str, Any]],
) -> dict[str, Any]:
    """The column values to write for one row; records report items and the merge's changes."""
    table, m, t = row_plan.table, row_plan.mine, row_plan.theirs
    values: dict[str, Any] = {}
    record = history.describe(table, m)
    for name, value in row_plan.take.items():
        values[name] = value
        who, when = row_plan.by.get(name, (history.OUTSIDE, None))
        items.append(
            ReportItem(
                "changed",
                table,
                row_plan.row_id,
                record,
                name,
                who,
                when,
                f"{history.display_value(m[name], limit=60)} → {history.display_value(value, limit=60)}",
            )
        )
        if name not in row_plan.logged:  # edited outside Quaestio: my log must still explain it
            writer.add(table, row_plan.row_id, "update", name, m[name], value)
    note_copy_made = False
    for conflict in row_plan.conflicts:
        settled = max((d for d in (conflict.mine_at, conflict.theirs_at) if d), default=None)
        if conflict.is_note_text:
            if not note_copy_made:
                copies.append(_conflict_copy(m, t, conflict, writer))
                note_copy_made = True
                items.append(
                    ReportItem(
                        "conflict copy",
                        table,
                        row_plan.row_id,
                        record,
                        None,
                        conflict.theirs_by,
                        conflict.theirs_at,
                        f"their version kept as a separate note: “{_copy_title(t, conflict)}”",
                    )
                )
            writer.add(
                table,
                row_plan.row_id,
                "update",
                conflict.field,
                m[conflict.field],
                m[conflict.field],
                settled,
            )
            resolved.append(ResolvedConflict(conflict, "both", conflict.mine))
            continue
        if conflict.is_derived:  # recomputed from the fields it derives from; not worth a question
            writer.add(
                table,
                row_plan.row_id,
                "update",
                conflict.field,
                m[conflict.field],
                m[conflict.field],
                settled,
            )
            continue
        resolution = resolutions.get(conflict.key) or Resolution(prefer or "mine")  # type: ignore[arg-type]
        if resolution.choice == "mine":
            new = m[conflict.field]
        elif resolution.choice == "theirs":
            new = t[conflict.field]
        else:
            new = _stored(table, conflict.field, resolution.value)
        if new != m[conflict.field]:
            values[conflict.field] = new
        writer.add(table, row_plan.row_id, "update", conflict.field, m[conflict.field], new, settled)
        resolved.append(ResolvedConflict(conflict, resolution.choice, _plain(_canon(new))))
        for follower, lead in row_plan.tied.items():  # e.g. a request's outcome goes with its status
            if lead == conflict.field and resolution.choice == "theirs":
                values[follower] = t[follower]
                writer.add(table, row_plan.row_id, "update", follower, m[follower], t[follower], settled)
    who, when = row_plan.by.get(DELETED, (history.OUTSIDE, None))
    if row_plan.deletion == "delete":
        values[DELETED] = t[DELETED]
        writer.add(table, row_plan.row_id, "delete", DELETED, None, t[DELETED])
        items.append(ReportItem("deleted", table, row_plan.row_id, record, None, who, when))
    elif row_plan.deletion in ("restore", "keep-restored"):
        values[DELETED] = None
        writer.add(table, row_plan.row_id, "restore", DELETED, m[DELETED], None)
        detail = (
            "you had deleted it, but it was edited in their copy"
            if row_plan.deletion == "keep-restored"
            else ""
        )
        items.append(ReportItem("restored", table, row_plan.row_id, record, None, who, when, detail))
    elif row_plan.deletion == "keep-mine-live":
        items.append(
            ReportItem(
                "kept",
                table,
                row_plan.row_id,
                record,
                None,
                history.OUTSIDE,
                None,
                "deleted in their copy, but you edited it here, so it stays",
            )
        )
    return values


def _copy_title(t: dict[str, Any], conflict: Conflict) -> str:
    day = local_time(conflict.theirs_at)[:10] if conflict.theirs_at else ""
    by = conflict.theirs_by if conflict.theirs_by != history.OUTSIDE else "their copy"
    return f"{t['title'] or 'Untitled note'} (conflict copy from {by}{', ' + day if day else ''})"


def _conflict_copy(
    m: dict[str, Any], t: dict[str, Any], conflict: Conflict, writer: _Writer
) -> dict[str, Any]:
    row = {
        **t,
        "id": new_id(),
        "question_id": m["question_id"],
        "title": _copy_title(t, conflict),
        "deleted_at": None,
        "created_at": writer.now,
        "updated_at": writer.now,
        "created_by": t["updated_by"] or conflict.theirs_by,
        "updated_by": writer.author,
        "version": 1,
    }
    content = {k: v for k, v in row.items() if k not in repo.STAMP_FIELDS}
    writer.add("note", row["id"], "insert", None, None, content)
    return row


def _insert_raw(connection: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert stored values as they are (no type conversion): copies of their rows and changes."""
    names = list(rows[0])
    statement = text(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})")
    connection.execute(statement, rows)


def _renumbered(connection: Connection, imports: list[_Ch], merge_id: str) -> list[dict[str, Any]]:
    """Their change rows for my log. A (replica, seq) pair already used here (two copies edited
    on one installation) gets the next free number; the change keeps its id, its identity."""
    replicas = {c.replica_id for c in imports}
    used: dict[str, set[int]] = defaultdict(set)
    table = Change.__table__  # type: ignore[attr-defined]
    for replica in replicas:
        used[replica] = set(
            connection.execute(select(table.c.seq).where(table.c.replica_id == replica)).scalars()
        )
    rows = []
    for change in imports:
        seq = change.seq
        if seq in used[change.replica_id]:
            seq = max(used[change.replica_id]) + 1
        used[change.replica_id].add(seq)
        rows.append({**change.as_row(), "seq": seq, "merge_id": merge_id})
    return rows
