"""Reading what a letter needs from the project, and recording the letter once it is exported.

These are repository functions (keyword-only, session explicit, one unit of work each): the UI
runs them through `project.read` / `project.write` and never sees a session.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from desktop.domain import vocab
from desktop.domain.lifecycle import RequestStatus
from desktop.letters.context import LetterSource
from desktop.store import repo, requests, templates
from desktop.store.changes import Changes, Written
from desktop.store.errors import InvalidValue, NotFound
from desktop.store.models import (
    ArchivalReference,
    Archive,
    Communication,
    LegalRegime,
    LetterTemplate,
    Question,
    Request,
    RequestItem,
    TrackingNumber,
)

# Which letter a request gets by default: its own kind (the request kinds are template kinds).
TEMPLATE_KINDS = tuple(k.value for k in vocab.TemplateKind)
# The category an exported letter is filed under.
CATEGORY_OF_KIND = {"follow_up": "follow_up", "appeal": "appeal"}


def default_kind(request_kind: str) -> str:
    return request_kind if request_kind in TEMPLATE_KINDS else "archival_query"


def letter_source(
    *, session: Session, request_id: str, kind: str | None = None, template_id: str | None = None
) -> LetterSource:
    """Everything one letter needs. `template_id` overrides the lookup (the editor's preview)."""
    request = repo.get(session=session, entity=Request, id=request_id)
    archive = repo.get(session=session, entity=Archive, id=request.archive_id)
    kind = kind or default_kind(request.kind)
    if kind not in TEMPLATE_KINDS:
        raise InvalidValue(
            f"{kind!r} is not a kind of letter (expected one of: {', '.join(TEMPLATE_KINDS)})."
        )
    language = archive.language or request.language
    regime = None
    if archive.regime_code:
        regime = session.exec(
            select(LegalRegime).where(
                LegalRegime.code == archive.regime_code, col(LegalRegime.deleted_at).is_(None)
            )
        ).first()
    question = session.get(Question, request.question_id)
    items = session.exec(
        select(ArchivalReference)
        .join(RequestItem, col(RequestItem.reference_id) == col(ArchivalReference.id))
        .where(
            RequestItem.request_id == request_id,
            col(RequestItem.deleted_at).is_(None),
            col(ArchivalReference.deleted_at).is_(None),
        )
        .order_by(col(RequestItem.position), col(RequestItem.created_at))
    ).all()
    tracking = session.exec(
        select(TrackingNumber)
        .where(TrackingNumber.request_id == request_id, col(TrackingNumber.deleted_at).is_(None))
        .order_by(col(TrackingNumber.current).desc(), col(TrackingNumber.issued_on).desc())
    ).first()
    last_letter = session.exec(
        select(Communication)
        .where(
            Communication.request_id == request_id,
            Communication.direction == "out",
            col(Communication.deleted_at).is_(None),
        )
        .order_by(col(Communication.dated_on).desc(), col(Communication.created_at).desc())
    ).first()
    if template_id:
        template = repo.get(session=session, entity=LetterTemplate, id=template_id)
    else:
        template = templates.find_template(
            session=session,
            kind=kind,
            language=language,
            archive_id=archive.id,
            regime_code=archive.regime_code,
        )
    return LetterSource(
        request=request,
        archive=archive,
        regime=repo.to_row(regime) if regime is not None else None,
        question=repo.to_row(question) if question is not None and question.deleted_at is None else None,
        references=tuple(repo.to_row(r) for r in items),
        tracking_number=repo.to_row(tracking) if tracking is not None else None,
        last_letter=repo.to_row(last_letter) if last_letter is not None else None,
        template=template,
        kind=kind,
    )


def draft_request_ids(*, session: Session) -> list[str]:
    """Requests still in draft, oldest first: what `export-letter --all-drafts` writes."""
    statement = (
        select(Request.id)
        .where(Request.status == RequestStatus.DRAFT.value, col(Request.deleted_at).is_(None))
        .order_by(col(Request.created_at), col(Request.id))
    )
    return list(session.exec(statement))


def resolve_request_id(*, session: Session, text: str) -> str:
    """A request id from the full id or its first characters (at least 6), as `list` shows them."""
    text = text.strip()
    if len(text) < 6:
        raise InvalidValue(f"{text!r} is too short to name a request; give at least its first 6 characters.")
    matches = list(
        session.exec(
            select(Request.id)
            .where(col(Request.id).startswith(text), col(Request.deleted_at).is_(None))
            .limit(3)
        )
    )
    if not matches:
        raise NotFound(
            f"No request has an id starting with {text!r}; see 'quaestio list requests FILE --format json'."
        )
    if len(matches) > 1:
        raise InvalidValue(f"Several requests have ids starting with {text!r}; give more of the id.")
    return matches[0]


def record_letter(
    *,
    session: Session,
    request_id: str,
    subject: str,
    body: str,
    language: str,
    kind: str,
    channel: str,
    on: date,
) -> Written[Any]:
    """File an exported letter as an outgoing Communication, and move a draft to ready.

    Exporting the same letter again (PDF, then DOCX) on the same day does not file it twice.
    """
    category = CATEGORY_OF_KIND.get(kind, "initial")
    with repo.batch(session):
        request = repo.get(session=session, entity=Request, id=request_id)
        same = session.exec(
            select(Communication).where(
                Communication.request_id == request_id,
                Communication.direction == "out",
                Communication.dated_on == on,
                Communication.body == body,
                col(Communication.deleted_at).is_(None),
            )
        ).first()
        changes = Changes()
        if same is None:
            written = repo.create(
                session=session,
                entity=Communication,
                values={
                    "request_id": request_id,
                    "direction": "out",
                    "channel": channel,
                    "dated_on": on,
                    "subject": subject,
                    "body": body,
                    "language": language,
                    "category": category,
                },
            )
            row, changes = written.row, written.changes
        else:
            row = repo.to_row(same)
        if request.status == RequestStatus.DRAFT.value:
            moved = requests.change_status(
                session=session,
                request_id=request_id,
                to_status=RequestStatus.READY.value,
                on=on,
                note=f"Letter exported ({subject})",
            )
            changes = changes | moved.changes
    return Written(row, changes)


def mark_sent(*, session: Session, request_id: str, on: date, note: str = "") -> Written[Any]:
    """The user confirms the letter went out: the request becomes sent (its clock starts)."""
    request = repo.get(session=session, entity=Request, id=request_id)
    if request.status not in (RequestStatus.DRAFT.value, RequestStatus.READY.value):
        raise InvalidValue(
            "This request has already been sent; a follow-up or appeal letter does not change its status."
        )
    return requests.change_status(
        session=session,
        request_id=request_id,
        to_status=RequestStatus.SENT.value,
        on=on,
        note=note or "Letter sent",
    )
