"""The Trash: rows moved there by a delete (tombstones), listed with a readable label, and restored.

Deleting never removes a row (DESIGN §2: deletes are soft; merging needs the tombstones), so the
Trash is simply every row with `deleted_at` set, in the tables a user deletes from. Restoring a
note, holding or request whose question is also in the Trash brings the question back too, so a
restored item is never invisible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from desktop.store import repo
from desktop.store.changes import Changes, Written
from desktop.store.errors import InvalidValue
from desktop.store.models import (
    ArchivalReference,
    Archive,
    Attachment,
    Communication,
    Holding,
    Note,
    Person,
    Question,
    QuestionPerson,
    QuestionSource,
    Request,
    Source,
    Stamps,
    TrackingNumber,
)

KIND_LABELS: dict[str, str] = {
    "question": "Question",
    "note": "Note",
    "holding": "Where to look",
    "request": "Request",
    "archive": "Archive",
    "source": "Source",
    "person": "Person",
    "question_person": "Person of a question",
    "question_source": "Source of a question",
    "tracking_number": "Tracking number",
    "communication": "Letter",
    "attachment": "Attachment",
    "archival_reference": "Archival reference",
}

_TABLES: dict[str, type[Stamps]] = {
    "question": Question,
    "note": Note,
    "holding": Holding,
    "request": Request,
    "archive": Archive,
    "source": Source,
    "person": Person,
    "question_person": QuestionPerson,
    "question_source": QuestionSource,
    "tracking_number": TrackingNumber,
    "communication": Communication,
    "attachment": Attachment,
    "archival_reference": ArchivalReference,
}


@dataclass(frozen=True)
class TrashItem:
    table: str
    id: str
    kind: str  # readable: "Note", "Request", ...
    label: str
    context: str  # what it belonged to: "Q2 Komatsubara …"
    deleted_at: datetime
    deleted_by: str


def _question_labels(session: Session) -> dict[str, str]:
    return {
        qid: f"{code} {title}".strip()
        for qid, code, title in session.exec(select(Question.id, Question.code, Question.title)).all()
    }


def _archive_labels(session: Session) -> dict[str, str]:
    return {
        aid: identifier or name
        for aid, identifier, name in session.exec(select(Archive.id, Archive.identifier, Archive.name)).all()
    }


def _describe(table: str, obj: Any, questions: dict[str, str], archives: dict[str, str]) -> tuple[str, str]:
    """(label, context) for one trashed row."""
    if table == "question":
        return f"{obj.code} {obj.title}".strip(), ""
    if table == "note":
        return obj.title or "(untitled note)", questions.get(obj.question_id, "")
    if table == "holding":
        return archives.get(obj.archive_id, "?"), questions.get(obj.question_id, "")
    if table == "request":
        label = obj.subject or f"{obj.kind.replace('_', ' ')} to {archives.get(obj.archive_id, '?')}"
        return label, questions.get(obj.question_id, "")
    if table == "archive":
        return obj.name or obj.identifier, obj.city
    if table == "source":
        return obj.citation, ""
    if table == "person":
        return " / ".join(x for x in (obj.name, obj.name_original) if x), obj.role
    if table == "tracking_number":
        return obj.number, obj.issued_by
    if table == "communication":
        return obj.subject or "(no subject)", f"{obj.direction}, {obj.dated_on or 'undated'}"
    if table == "attachment":
        return obj.file_name, ""
    if table == "archival_reference":
        return obj.formatted or obj.title or "reference", archives.get(obj.archive_id, "")
    if table in ("question_person", "question_source"):
        return "link", questions.get(obj.question_id, "")
    return obj.id, ""


def trashed_items(*, session: Session, limit: int = 5000) -> list[TrashItem]:
    """Everything in the Trash, most recently deleted first."""
    questions = _question_labels(session)
    archives = _archive_labels(session)
    items: list[TrashItem] = []
    for table, entity in _TABLES.items():
        for obj in session.exec(
            select(entity)
            .where(col(entity.deleted_at).is_not(None))
            .order_by(col(entity.deleted_at).desc())
            .limit(limit)
        ).all():
            label, context = _describe(table, obj, questions, archives)
            items.append(
                TrashItem(
                    table=table,
                    id=obj.id,
                    kind=KIND_LABELS[table],
                    label=label,
                    context=context,
                    deleted_at=obj.deleted_at,  # type: ignore[arg-type]
                    deleted_by=obj.updated_by,
                )
            )
    items.sort(key=lambda item: item.deleted_at, reverse=True)
    return items[:limit]


def restore_item(*, session: Session, table: str, id: str) -> Written[Any]:
    """Restore one row, and the question it belongs to when that is in the Trash too."""
    entity = _TABLES.get(table)
    if entity is None:
        raise InvalidValue(f"Nothing of kind {table!r} can be restored from the Trash.")
    with repo.batch(session):
        written = repo.restore(session=session, entity=entity, id=id)
        changes = written.changes
        question_id = getattr(written.row, "question_id", None)
        if question_id and table != "question":
            question = repo.get(session=session, entity=Question, id=question_id, include_deleted=True)
            if question.deleted_at is not None:
                changes |= repo.restore(session=session, entity=Question, id=question_id).changes
    return Written(written.row, changes or Changes.of(table, id))
