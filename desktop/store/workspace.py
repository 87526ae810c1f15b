"""Writes the workspace makes: new questions, notes, holdings, requests, links, and the generic
edit/delete/restore the undo stack replays.

The UI names tables by their table name ("question", "note", ...) so it never imports the ORM
classes; everything here is a thin, validated layer over `repo` (which keeps the change log).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from desktop.store import repo
from desktop.store.changes import Changes, Written
from desktop.store.errors import InvalidValue
from desktop.store.models import (
    BY_TABLE,
    Archive,
    Communication,
    Holding,
    Note,
    Person,
    Question,
    QuestionPerson,
    QuestionSource,
    Request,
    RequestEvent,
    Source,
    Stamps,
    TrackingNumber,
)

# Tables the workspace may edit, delete and restore generically.
EDITABLE = frozenset(
    {
        "question",
        "note",
        "holding",
        "request",
        "archive",
        "source",
        "person",
        "question_person",
        "question_source",
        "tracking_number",
        "communication",
        "attachment",
        "archival_reference",
    }
)


def _entity(table: str) -> type[Stamps]:
    if table not in EDITABLE:
        raise InvalidValue(f"{table!r} cannot be edited here.")
    return BY_TABLE[table]


def update_fields(
    *, session: Session, table: str, id: str, values: Mapping[str, Any], expected_version: int | None = None
) -> Written[Any]:
    """Change some fields of one row (validated and logged by `repo.update`).

    With `expected_version` (team servers) the write is refused with StaleEdit when someone else
    changed one of these fields since the row was read at that version.
    """
    if expected_version is None:
        return repo.update(session=session, entity=_entity(table), id=id, values=values)
    return repo.update(
        session=session, entity=_entity(table), id=id, values=values, expected_version=expected_version
    )


def delete_row(*, session: Session, table: str, id: str) -> Written[Any]:
    """Move one row to the Trash."""
    return repo.soft_delete(session=session, entity=_entity(table), id=id)


def restore_row(*, session: Session, table: str, id: str) -> Written[Any]:
    """Bring one row back from the Trash."""
    return repo.restore(session=session, entity=_entity(table), id=id)


def get_row(*, session: Session, table: str, id: str) -> Any:
    return repo.get(session=session, entity=_entity(table), id=id)


# --- questions ----------------------------------------------------------------------------------

_CODE = re.compile(r"^Q(\d+)$")


def next_question_code(*, session: Session) -> str:
    """Q<n+1> after the highest Q<n> ever used (Trash included, so a restore never clashes)."""
    highest = 0
    for code in session.exec(select(Question.code)).all():
        match = _CODE.match(code or "")
        if match:
            highest = max(highest, int(match.group(1)))
    return f"Q{highest + 1}"


def new_question(*, session: Session, title: str, values: Mapping[str, Any] | None = None) -> Written[Any]:
    """A new open question with the next free code."""
    if not title.strip():
        raise InvalidValue("A question needs a title; type one in the box.")
    fields = {"code": next_question_code(session=session), "title": title.strip(), **(values or {})}
    return repo.create(session=session, entity=Question, values=fields)


def parse_tags(text: str) -> list[str]:
    """Tags typed as "maps, border; Bogdanov": split on commas and semicolons, blanks and repeats dropped."""
    seen: list[str] = []
    for part in re.split(r"[,;]", text):
        tag = " ".join(part.split())
        if tag and tag not in seen:
            seen.append(tag)
    return seen


# --- notes --------------------------------------------------------------------------------------


def new_note(*, session: Session, question_id: str, title: str = "", body: str = "") -> Written[Any]:
    repo.get(session=session, entity=Question, id=question_id)  # a clear message if it is gone
    return repo.create(
        session=session, entity=Note, values={"question_id": question_id, "title": title, "body": body}
    )


def save_note(
    *, session: Session, note_id: str, title: str, body: str, expected_version: int | None = None
) -> Written[Any]:
    """The autosave: writes only when something changed (the change log stays quiet otherwise)."""
    values = {"title": title, "body": body}
    if expected_version is None:
        return repo.update(session=session, entity=Note, id=note_id, values=values)
    return repo.update(
        session=session, entity=Note, id=note_id, values=values, expected_version=expected_version
    )


# --- where to look, people, sources -------------------------------------------------------------


def new_holding(
    *,
    session: Session,
    question_id: str,
    archive_id: str,
    likelihood: str = "medium",
    rationale: str = "",
    expected: str = "",
) -> Written[Any]:
    existing = session.exec(
        select(Holding.id).where(
            Holding.question_id == question_id,
            Holding.archive_id == archive_id,
            col(Holding.deleted_at).is_(None),
        )
    ).first()
    if existing:
        archive = repo.get(session=session, entity=Archive, id=archive_id)
        raise InvalidValue(
            f"{archive.identifier or archive.name} is already under 'Where to look' for this question; "
            "edit that entry instead."
        )
    return repo.create(
        session=session,
        entity=Holding,
        values={
            "question_id": question_id,
            "archive_id": archive_id,
            "likelihood": likelihood,
            "rationale": rationale,
            "expected": expected,
        },
    )


def link_person(
    *,
    session: Session,
    question_id: str,
    person_id: str | None = None,
    name: str = "",
    name_original: str = "",
    role: str = "",
) -> Written[Any]:
    """Link an existing person (by id) or a new one (by name) to a question."""
    with repo.batch(session):
        changes = Changes()
        if person_id is None:
            if not (name.strip() or name_original.strip()):
                raise InvalidValue("Give the person's name, in Latin script or the original, or both.")
            person = repo.create(
                session=session,
                entity=Person,
                values={"name": name.strip(), "name_original": name_original.strip(), "role": role},
            )
            person_id, changes = person.row.id, person.changes
        link = repo.create(
            session=session,
            entity=QuestionPerson,
            values={"question_id": question_id, "person_id": person_id, "role": role},
        )
    return Written(link.row, changes | link.changes)


def link_source(
    *,
    session: Session,
    question_id: str,
    source_id: str | None = None,
    citation: str = "",
    kind: str = "book",
    year: int | None = None,
    pages: str = "",
    note: str = "",
) -> Written[Any]:
    """Link an existing source (by id) or a new one (by citation) to a question."""
    with repo.batch(session):
        changes = Changes()
        if source_id is None:
            if not citation.strip():
                raise InvalidValue("A source needs a citation, e.g. 'Coox, Nomonhan (1985)'.")
            source = repo.create(
                session=session,
                entity=Source,
                values={"citation": citation.strip(), "kind": kind, "year": year},
            )
            source_id, changes = source.row.id, source.changes
        link = repo.create(
            session=session,
            entity=QuestionSource,
            values={"question_id": question_id, "source_id": source_id, "pages": pages, "note": note},
        )
    return Written(link.row, changes | link.changes)


def new_archive(*, session: Session, values: Mapping[str, Any]) -> Written[Any]:
    if not (str(values.get("name", "")).strip() or str(values.get("identifier", "")).strip()):
        raise InvalidValue("An archive needs a name or an identifier (e.g. RGVA).")
    return repo.create(session=session, entity=Archive, values=values)


# --- requests -----------------------------------------------------------------------------------


def new_request(
    *,
    session: Session,
    question_id: str,
    archive_id: str,
    kind: str,
    drafted_on: date,
    language: str | None = None,
    subject: str = "",
    purpose: str = "",
) -> Written[Any]:
    """A draft request; its letter language is the archive's unless given (DESIGN §5)."""
    archive = repo.get(session=session, entity=Archive, id=archive_id)
    values = {
        "question_id": question_id,
        "archive_id": archive_id,
        "kind": kind,
        "language": language or archive.language,
        "subject": subject,
        "purpose": purpose,
        "drafted_on": drafted_on,
    }
    return repo.create(session=session, entity=Request, values=values)


def add_tracking_number(
    *,
    session: Session,
    request_id: str,
    number: str,
    issued_by: str = "",
    reason: str = "initial",
    issued_on: date | None = None,
) -> Written[Any]:
    """A new current tracking number; earlier ones stay on record but are no longer current."""
    if not number.strip():
        raise InvalidValue("Type the tracking number the archive gave you.")
    repo.get(session=session, entity=Request, id=request_id)
    with repo.batch(session):
        changes = Changes()
        for old in session.exec(
            select(TrackingNumber).where(
                TrackingNumber.request_id == request_id,
                col(TrackingNumber.current).is_(True),
                col(TrackingNumber.deleted_at).is_(None),
            )
        ).all():
            changes |= repo.apply_update(session, old, {"current": False})
        written = repo.create(
            session=session,
            entity=TrackingNumber,
            values={
                "request_id": request_id,
                "number": number.strip(),
                "issued_by": issued_by,
                "reason": reason,
                "issued_on": issued_on,
                "current": True,
            },
        )
    return Written(written.row, changes | written.changes)


def add_communication(*, session: Session, request_id: str, values: Mapping[str, Any]) -> Written[Any]:
    repo.get(session=session, entity=Request, id=request_id)
    return repo.create(session=session, entity=Communication, values={"request_id": request_id, **values})


def request_snapshot(*, session: Session, request_id: str) -> dict[str, Any]:
    """Every content field of a request: what undoing a status change puts back."""
    row = repo.get(session=session, entity=Request, id=request_id)
    return {name: getattr(row, name) for name in repo.content_fields(Request)}


def revert_status(
    *, session: Session, request_id: str, snapshot: Mapping[str, Any], event_id: str | None
) -> Written[Any]:
    """Undo a status change: the request as it was before (status, dates, due date) and its event
    moved to the Trash. Goes through `apply_update`, so the change log records the reversal."""
    request = repo._load(session, Request, request_id)
    with repo.batch(session):
        changes = repo.apply_update(session, request, dict(snapshot))
        if event_id:
            changes |= repo.soft_delete(session=session, entity=RequestEvent, id=event_id).changes
    return Written(repo.to_row(request), changes)


def last_event_id(*, session: Session, request_id: str) -> str | None:
    """The newest live event of a request (the one a status change just wrote)."""
    return session.exec(
        select(RequestEvent.id)
        .where(RequestEvent.request_id == request_id, col(RequestEvent.deleted_at).is_(None))
        .order_by(col(RequestEvent.created_at).desc())
    ).first()
