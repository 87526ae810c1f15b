"""Who changed what, and when: readable history from the change log (DESIGN §6).

Every write records one `change` row per field (see `desktop.store.repo`), and a merge adds the
collaborator's change rows as they were made, so a record's history names the person who made
each edit even after it travelled through someone else's copy. This module turns those rows
into entries a historian can read: record, field name in words, old and new value, who, when.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from desktop.store.errors import NotFound
from desktop.store.models import (
    Change,
    Communication,
    Holding,
    Note,
    Question,
    QuestionPerson,
    QuestionSource,
    Request,
    RequestEvent,
    RequestItem,
    TrackingNumber,
)

KIND_LABELS: dict[str, str] = {
    "project": "Project",
    "legal_regime": "Legal regime",
    "question": "Question",
    "person": "Person",
    "question_person": "Person",
    "archive": "Archive",
    "holding": "Where to look",
    "archival_reference": "Archival reference",
    "source": "Source",
    "question_source": "Source",
    "request": "Request",
    "request_item": "Requested file",
    "tracking_number": "Tracking number",
    "communication": "Letter",
    "attachment": "Attachment",
    "request_event": "Status change",
    "note": "Note",
    "letter_template": "Letter template",
}

# Field names as a historian would say them; anything missing falls back to "Some field".
FIELD_LABELS: dict[str, str] = {
    "answer_summary": "Answer summary",
    "background": "Background and hypothesis",
    "text": "Question",
    "tags": "Tags",
    "name_original": "Name in original script",
    "other_names": "Other names",
    "contact_person": "Contact person",
    "language": "Letter language",
    "regime_code": "Legal regime",
    "access_conditions": "Access conditions",
    "question_id": "Question",
    "archive_id": "Archive",
    "holding_id": "Holding",
    "request_id": "Request",
    "reference_id": "Archival reference",
    "communication_id": "Letter",
    "person_id": "Person",
    "source_id": "Source",
    "parent_id": "Appeal of",
    "date_from": "Records from",
    "date_to": "Records to",
    "outcome_note": "Outcome details",
    "drafted_on": "Drafted on",
    "sent_on": "Sent on",
    "registered_on": "Registered by the archive on",
    "acknowledged_on": "Acknowledged on",
    "due_on": "Due on",
    "closed_on": "Closed on",
    "due_basis": "Due date explanation",
    "due_override": "Due date (set by hand)",
    "due_override_reason": "Reason for the due date set by hand",
    "paused_on": "Clock paused on",
    "paused_days_left": "Days left when paused",
    "issued_by": "Issued by",
    "issued_on": "Issued on",
    "dated_on": "Dated",
    "received_on": "Received on",
    "file_name": "File name",
    "stored_path": "Stored as",
    "sha256": "SHA-256",
    "from_status": "From status",
    "to_status": "To status",
    "occurred_on": "Date",
    "citation_original": "Citation in original script",
    "min_app_version": "Oldest Quaestio able to write it",
    "initial_days": "Initial period (days)",
    "extension_days": "Extension (days)",
    "appeal_days": "Appeal window (days)",
    "holiday_country": "Holiday calendar",
    "roll_forward": "Move deadlines off holidays",
    "scope_key": "Scope",
    "builtin": "Built in",
    "deleted_at": "In the Trash",
    "url": "Web address",
    "email": "E-mail",
}

OP_LABELS = {"insert": "created", "update": "changed", "delete": "moved to the Trash", "restore": "restored"}
OUTSIDE = "outside Quaestio"  # the author of a change that left no record in the change log
MAX_VALUE_CHARS = 160


def field_label(field: str | None) -> str:
    if not field:
        return ""
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def kind_label(table: str) -> str:
    return KIND_LABELS.get(table, table.replace("_", " ").capitalize())


def display_value(value: Any, *, limit: int = MAX_VALUE_CHARS) -> str:
    """A stored value as short readable text: lists joined, dates in ISO, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k} {v}" for k, v in value.items())
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode(text: str | None) -> Any:
    """A change-log value (JSON text) back to a plain value."""
    return None if text is None else json.loads(text)


def describe(table: str, row: Mapping[str, Any] | None) -> str:
    """One line naming a record for a person: 'Question Q2 · Was Komatsubara compromised?'."""
    kind = kind_label(table)
    if not row:
        return kind
    if row.get("_label"):  # a link row, named after what it links to (see _name_links)
        return f"{kind}: {display_value(row['_label'], limit=70)}"
    if table == "question":
        name = " · ".join(p for p in (row.get("code"), row.get("title")) if p)
    elif table in ("note", "communication", "request"):
        name = row.get("title") or row.get("subject") or ""
    elif table == "archive":
        name = " · ".join(p for p in (row.get("identifier"), row.get("name")) if p)
    elif table in ("person",):
        name = row.get("name") or row.get("name_original") or ""
    elif table == "source":
        name = row.get("citation") or ""
    elif table == "tracking_number":
        name = row.get("number") or ""
    elif table == "legal_regime":
        name = row.get("name") or row.get("code") or ""
    elif table == "project":
        name = row.get("title") or ""
    elif table == "archival_reference":
        name = row.get("formatted") or row.get("title") or ""
    elif table == "request_event":
        name = f"→ {row.get('to_status', '')}"
    else:
        name = ""
    name = display_value(name, limit=70) if name else ""
    return f"{kind} {name}".strip() if name and name != "—" else kind


# --- history ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a record's history."""

    at: datetime  # UTC
    author: str
    table: str
    row_id: str
    record: str  # "Note 'Poppe'"
    op: str  # insert, update, delete, restore
    field: str | None
    old: Any
    new: Any
    merged: bool  # came in with (or was written by) a merge

    @property
    def field_label(self) -> str:
        return field_label(self.field)

    @property
    def what(self) -> str:
        """'changed Title', 'created', 'kept after a merge conflict', ..."""
        if self.op == "update" and self.merged and self.old == self.new:
            return f"kept {self.field_label} after a merge conflict"
        if self.op == "update":
            return f"changed {self.field_label}"
        return OP_LABELS.get(self.op, self.op)

    @property
    def local_time(self) -> datetime:
        return self.at.replace(tzinfo=UTC).astimezone() if self.at.tzinfo is None else self.at.astimezone()


@dataclass(frozen=True)
class LastEdit:
    author: str
    at: datetime  # UTC

    def describe(self) -> str:
        local = self.at.replace(tzinfo=UTC).astimezone() if self.at.tzinfo is None else self.at.astimezone()
        return f"Last edited by {self.author} on {local:%Y-%m-%d %H:%M}"


def _rows_of(session: Session, entity: Any, field: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = list(ids)
    if not ids:
        return {}
    table = entity.__table__
    statement = select(table).where(table.c[field].in_(ids))
    return {r.id: dict(r._mapping) for r in session.connection().execute(statement)}


def _entry(change: Change, records: dict[str, tuple[str, dict[str, Any]]]) -> HistoryEntry:
    table, row = records.get(change.row_id, (change.table_name, {}))
    old, new = decode(change.old_value), decode(change.new_value)
    if change.op == "insert":
        old, new = None, None  # the whole record; its fields are on the record itself
    return HistoryEntry(
        at=change.at,
        author=change.author or OUTSIDE,
        table=change.table_name,
        row_id=change.row_id,
        record=describe(table, row),
        op=change.op,
        field=change.field,
        old=old,
        new=new,
        merged=change.merge_id is not None,
    )


def _history_of(session: Session, records: dict[str, tuple[str, dict[str, Any]]]) -> list[HistoryEntry]:
    if not records:
        return []
    ids = list(records)
    changes: list[Change] = []
    for start in range(0, len(ids), 500):
        statement = select(Change).where(col(Change.row_id).in_(ids[start : start + 500]))
        changes.extend(session.execute(statement).scalars())
    changes.sort(key=lambda c: (c.at, c.replica_id, c.seq))
    return [_entry(c, records) for c in changes]


# A link row is named after the record it points to: (table, its column, target table, target columns)
_LINK_NAMES = {
    "holding": ("archive_id", "archive", ("identifier", "name")),
    "question_person": ("person_id", "person", ("name", "name_original")),
    "question_source": ("source_id", "source", ("citation",)),
    "request_item": ("reference_id", "archival_reference", ("formatted", "title")),
    "tracking_number": ("request_id", "request", ()),
}


def _name_links(session: Session, records: dict[str, tuple[str, dict[str, Any]]]) -> None:
    from desktop.store.models import BY_TABLE

    for table, (column, target, fields) in _LINK_NAMES.items():
        if not fields:
            continue
        rows = [row for kind, row in records.values() if kind == table and row.get(column)]
        targets = _rows_of(session, BY_TABLE[target], "id", {row[column] for row in rows})
        for row in rows:
            found = targets.get(row[column], {})
            row["_label"] = " · ".join(str(found[f]) for f in fields if found.get(f))


def row_history(*, session: Session, row_id: str) -> list[HistoryEntry]:
    """The history of one record of any kind, oldest first."""
    found = session.execute(select(Change.table_name).where(Change.row_id == row_id).limit(1)).scalar()
    if found is None:
        raise NotFound(f"No record with id {row_id} has any recorded changes.")
    from desktop.store.models import BY_TABLE

    entity = BY_TABLE.get(found)
    row = _rows_of(session, entity, "id", [row_id]).get(row_id, {}) if entity else {}
    return _history_of(session, {row_id: (found, row)})


def question_history(*, session: Session, question_id: str) -> list[HistoryEntry]:
    """A question's history with that of its notes, holdings and links, oldest first."""
    question = _rows_of(session, Question, "id", [question_id])
    if not question:
        raise NotFound(f"No question with id {question_id}.")
    records: dict[str, tuple[str, dict[str, Any]]] = {question_id: ("question", question[question_id])}
    for entity in (Note, Holding, QuestionPerson, QuestionSource):
        for rid, row in _rows_of(session, entity, "question_id", [question_id]).items():
            records[rid] = (str(entity.__tablename__), row)
    _name_links(session, records)
    return _history_of(session, records)


def request_history(*, session: Session, request_id: str) -> list[HistoryEntry]:
    """A request's history with its status changes, tracking numbers, letters and items."""
    request = _rows_of(session, Request, "id", [request_id])
    if not request:
        raise NotFound(f"No request with id {request_id}.")
    records: dict[str, tuple[str, dict[str, Any]]] = {request_id: ("request", request[request_id])}
    for entity in (RequestEvent, TrackingNumber, Communication, RequestItem):
        for rid, row in _rows_of(session, entity, "request_id", [request_id]).items():
            records[rid] = (str(entity.__tablename__), row)
    _name_links(session, records)
    return _history_of(session, records)


def last_edited(*, session: Session, row_id: str) -> LastEdit | None:
    """Who last changed a record and when ("Last edited by ... on ..."), from the change log."""
    statement = (
        select(Change.author, Change.at)
        .where(Change.row_id == row_id)
        .order_by(col(Change.at).desc(), col(Change.seq).desc())
        .limit(1)
    )
    found = session.execute(statement).first()
    return LastEdit(found[0] or OUTSIDE, found[1]) if found else None
