"""The project's tables (DESIGN §2) and the plain rows handed to the rest of the app.

Each entity has three classes:
- `XFields`: the domain fields, shared by the other two;
- `X(XFields, Stamped, table=True)`: the SQLModel table, used only inside `desktop.store`;
- `XRow(XFields, Stamps)`: a frozen copy returned by repository functions; safe to keep in
  widgets and to pass between threads.

Only portable column types are used (text UUID keys, dates, JSON), so the same models can run
on PostgreSQL later. Enumerated values are stored as their plain string values (see
`desktop.domain.vocab`) and validated by the repository, not by database enums.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


def _fk(target: str, *, required: bool = True) -> Any:
    if required:
        return Field(foreign_key=f"{target}.id", index=True, max_length=36)
    return Field(default=None, foreign_key=f"{target}.id", index=True, max_length=36)


class Stamps(SQLModel):
    """Identity and bookkeeping carried by every row."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = Field(default=None, index=True)
    created_by: str = ""
    updated_by: str = ""
    version: int = 1  # bumped on every write; optimistic locking on a server later


class Row(Stamps):
    """Base of the frozen rows returned to callers."""

    model_config = ConfigDict(frozen=True)


# --- project -------------------------------------------------------------------------


class ProjectFields(SQLModel):
    title: str = ""
    description: str = ""
    min_app_version: str = "0.1.0"  # oldest Quaestio able to write this file


class Project(ProjectFields, Stamps, table=True):
    __tablename__ = "project"


class ProjectRow(ProjectFields, Row):
    pass


class LegalRegimeFields(SQLModel):
    """The deadline rule of an archive's legal regime (DESIGN §4); editable, travels with the project."""

    code: str = Field(max_length=40, unique=True)  # "us-foia"
    name: str = ""
    law: str = ""  # name and citation of the law
    unit: str = "calendar"  # "calendar" or "working" days
    initial_days: int = 30
    extension_days: int = 0
    appeal_days: int | None = None
    holiday_country: str = ""  # country code for the `holidays` package
    roll_forward: bool = True  # a period ending on a day off moves to the next working day
    clarification: str = "pause"  # "pause" or "reset" the clock on a clarification request
    notes: str = ""


class LegalRegime(LegalRegimeFields, Stamps, table=True):
    __tablename__ = "legal_regime"


class LegalRegimeRow(LegalRegimeFields, Row):
    pass


# --- questions and people ------------------------------------------------------------


class QuestionFields(SQLModel):
    code: str = Field(default="", max_length=20, index=True)  # "Q1"
    title: str = ""
    text: str = ""  # the question itself
    background: str = ""  # background and hypothesis
    status: str = Field(default="open", max_length=20, index=True)
    priority: int = 2  # 1 high, 2 normal, 3 low
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    answer_summary: str = ""


class Question(QuestionFields, Stamps, table=True):
    __tablename__ = "question"


class QuestionRow(QuestionFields, Row):
    pass


class PersonFields(SQLModel):
    name: str = ""  # in Latin script: "Komatsubara Michitarō"
    name_original: str = ""  # in the original script: "小松原道太郎"
    role: str = ""
    notes: str = ""


class Person(PersonFields, Stamps, table=True):
    __tablename__ = "person"


class PersonRow(PersonFields, Row):
    pass


class QuestionPersonFields(SQLModel):
    question_id: str = _fk("question")
    person_id: str = _fk("person")
    role: str = ""  # role in this question, if it differs from the person's


class QuestionPerson(QuestionPersonFields, Stamps, table=True):
    __tablename__ = "question_person"


class QuestionPersonRow(QuestionPersonFields, Row):
    pass


# --- archives, holdings, references -----------------------------------------------------


class ArchiveFields(SQLModel):
    """The ISDIAH core of an archive description, plus what a letter needs."""

    identifier: str = Field(default="", max_length=40)  # "RGVA"
    name: str = ""  # authorised form of name, in English
    name_original: str = ""  # in the archive's own language
    other_names: str = ""  # acronyms and parallel names: "РГВА; ЦАМО"
    city: str = Field(default="", index=True)
    country: str = Field(default="", max_length=2)  # ISO 3166-1 alpha-2
    address: str = ""
    email: str = ""
    website: str = ""
    contact_person: str = ""
    salutation: str = ""  # "Уважаемый господин директор!"
    language: str = Field(default="en", max_length=5)  # letters to this archive are written in it
    regime_code: str = Field(default="", max_length=40)  # LegalRegime.code
    access_conditions: str = ""
    notes: str = ""


class Archive(ArchiveFields, Stamps, table=True):
    __tablename__ = "archive"


class ArchiveRow(ArchiveFields, Row):
    pass


class HoldingFields(SQLModel):
    """Why a question's answer may (or may not) be in an archive."""

    question_id: str = _fk("question")
    archive_id: str = _fk("archive")
    likelihood: str = Field(default="medium", max_length=20)
    rationale: str = ""
    expected: str = ""  # the records we expect to find there


class Holding(HoldingFields, Stamps, table=True):
    __tablename__ = "holding"


class HoldingRow(HoldingFields, Row):
    pass


class ArchivalReferenceFields(SQLModel):
    """A reference in the archive's own style; `parts` holds fond/opis/delo/list, RG/entry/box, ..."""

    archive_id: str = _fk("archive")
    holding_id: str | None = _fk("holding", required=False)
    style: str = Field(default="other", max_length=10)
    parts: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    formatted: str = ""  # the reference as the archive writes it
    title: str = ""
    dates: str = ""
    access: str = Field(default="unknown", max_length=20)


class ArchivalReference(ArchivalReferenceFields, Stamps, table=True):
    __tablename__ = "archival_reference"


class ArchivalReferenceRow(ArchivalReferenceFields, Row):
    pass


class SourceFields(SQLModel):
    kind: str = Field(default="book", max_length=20)
    citation: str = ""
    citation_original: str = ""  # in the original script
    year: int | None = None
    url: str = ""
    notes: str = ""


class Source(SourceFields, Stamps, table=True):
    __tablename__ = "source"


class SourceRow(SourceFields, Row):
    pass


class QuestionSourceFields(SQLModel):
    question_id: str = _fk("question")
    source_id: str = _fk("source")
    pages: str = ""
    note: str = ""


class QuestionSource(QuestionSourceFields, Stamps, table=True):
    __tablename__ = "question_source"


class QuestionSourceRow(QuestionSourceFields, Row):
    pass


# --- requests --------------------------------------------------------------------------


class RequestFields(SQLModel):
    question_id: str = _fk("question")
    archive_id: str = _fk("archive")
    parent_id: str | None = _fk("request", required=False)  # appeals and re-filings
    kind: str = Field(default="archival_query", max_length=30)
    language: str = Field(default="en", max_length=5)
    subject: str = ""
    purpose: str = ""
    date_from: date | None = None  # chronological frame of the records asked for
    date_to: date | None = None
    status: str = Field(default="draft", max_length=30, index=True)
    outcome: str | None = Field(default=None, max_length=30)
    outcome_note: str = ""  # grounds of a refusal, what was received
    drafted_on: date | None = None
    sent_on: date | None = None
    registered_on: date | None = None  # the archive's registration date, when known
    acknowledged_on: date | None = None
    due_on: date | None = Field(default=None, index=True)
    closed_on: date | None = None
    due_basis: str = ""  # plain-language explanation of due_on
    due_override: date | None = None
    due_override_reason: str = ""
    paused_on: date | None = None
    paused_days_left: int | None = None  # days left on the clock when it was paused


class Request(RequestFields, Stamps, table=True):
    __tablename__ = "request"


class RequestRow(RequestFields, Row):
    pass


class RequestItemFields(SQLModel):
    request_id: str = _fk("request")
    reference_id: str = _fk("archival_reference")
    position: int = 0


class RequestItem(RequestItemFields, Stamps, table=True):
    __tablename__ = "request_item"


class RequestItemRow(RequestItemFields, Row):
    pass


class TrackingNumberFields(SQLModel):
    request_id: str = _fk("request")
    number: str = ""
    issued_by: str = ""
    reason: str = Field(default="initial", max_length=20)
    issued_on: date | None = None
    current: bool = True


class TrackingNumber(TrackingNumberFields, Stamps, table=True):
    __tablename__ = "tracking_number"


class TrackingNumberRow(TrackingNumberFields, Row):
    pass


class CommunicationFields(SQLModel):
    request_id: str = _fk("request")
    direction: str = Field(default="out", max_length=5)
    channel: str = Field(default="post", max_length=20)
    dated_on: date | None = None  # the date on the letter
    received_on: date | None = None
    subject: str = ""
    body: str = ""  # the exact text sent or received
    language: str = Field(default="en", max_length=5)
    category: str = Field(default="initial", max_length=20)


class Communication(CommunicationFields, Stamps, table=True):
    __tablename__ = "communication"


class CommunicationRow(CommunicationFields, Row):
    pass


class AttachmentFields(SQLModel):
    communication_id: str = _fk("communication")
    file_name: str = ""
    stored_path: str = ""  # relative to the project's attachment folder
    sha256: str = Field(default="", max_length=64)
    size: int = 0


class Attachment(AttachmentFields, Stamps, table=True):
    __tablename__ = "attachment"


class AttachmentRow(AttachmentFields, Row):
    pass


class RequestEventFields(SQLModel):
    """One step of a request's timeline; written by every status change."""

    request_id: str = _fk("request")
    from_status: str | None = Field(default=None, max_length=30)
    to_status: str = Field(max_length=30)
    occurred_on: date
    note: str = ""


class RequestEvent(RequestEventFields, Stamps, table=True):
    __tablename__ = "request_event"


class RequestEventRow(RequestEventFields, Row):
    pass


# --- notes and templates -----------------------------------------------------------------


class NoteFields(SQLModel):
    question_id: str = _fk("question")
    title: str = ""
    body: str = ""  # Markdown


class Note(NoteFields, Stamps, table=True):
    __tablename__ = "note"


class NoteRow(NoteFields, Row):
    pass


class LetterTemplateFields(SQLModel):
    """A Jinja2 letter template; looked up by kind x language x scope, most specific first."""

    kind: str = Field(max_length=30)
    language: str = Field(max_length=5)
    scope: str = Field(default="default", max_length=10)  # "default", "regime" or "archive"
    scope_key: str = ""  # the regime code or archive id the template is for
    name: str = ""
    subject: str = ""  # Jinja2 template of the subject line
    body: str = ""  # Jinja2 template of the letter
    builtin: bool = False  # copied from resources/; user edits clear it


class LetterTemplate(LetterTemplateFields, Stamps, table=True):
    __tablename__ = "letter_template"


class LetterTemplateRow(LetterTemplateFields, Row):
    pass


# --- the change log ----------------------------------------------------------------------


class Change(SQLModel, table=True):
    """One field of one row changed by one author on one replica: the merge input and the history."""

    __tablename__ = "change"
    __table_args__ = (UniqueConstraint("replica_id", "seq"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    replica_id: str = Field(max_length=36, index=True)
    seq: int  # increases by one per replica
    author: str = ""
    at: datetime = Field(default_factory=utcnow)
    table_name: str = Field(max_length=40)
    row_id: str = Field(max_length=36, index=True)
    op: str = Field(max_length=10)  # insert, update, delete, restore
    field: str | None = Field(default=None, max_length=60)
    old_value: str | None = None  # JSON
    new_value: str | None = None  # JSON
    merge_id: str | None = Field(default=None, max_length=36)


class ChangeRow(SQLModel):
    model_config = ConfigDict(frozen=True)

    id: str
    replica_id: str
    seq: int
    author: str
    at: datetime
    table_name: str
    row_id: str
    op: str
    field: str | None
    old_value: str | None
    new_value: str | None
    merge_id: str | None


class MergeRecord(SQLModel, table=True):
    """One merge of a collaborator's copy into this file: local bookkeeping, never merged itself.

    `report` keeps the merge report as JSON so it can be shown again; `backup_path` is the
    verified backup taken just before the merge, which "Undo merge" restores.
    """

    __tablename__ = "merge_record"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    merged_at: datetime = Field(default_factory=utcnow)
    author: str = ""  # who merged
    replica_id: str = Field(default="", max_length=36)  # on which installation
    source_name: str = ""  # the file name of the collaborator's copy
    source_authors: list[str] = Field(default_factory=list, sa_type=JSON)
    added: int = 0
    changed: int = 0
    conflicts: int = 0
    imported_changes: int = 0
    report: str = ""  # JSON
    backup_path: str = ""


ENTITIES: tuple[type[Stamps], ...] = (
    Project,
    LegalRegime,
    Question,
    Person,
    QuestionPerson,
    Archive,
    Holding,
    ArchivalReference,
    Source,
    QuestionSource,
    Request,
    RequestItem,
    TrackingNumber,
    Communication,
    Attachment,
    RequestEvent,
    Note,
    LetterTemplate,
)

ROW_TYPES: dict[type[Stamps], type[Row]] = {
    Project: ProjectRow,
    LegalRegime: LegalRegimeRow,
    Question: QuestionRow,
    Person: PersonRow,
    QuestionPerson: QuestionPersonRow,
    Archive: ArchiveRow,
    Holding: HoldingRow,
    ArchivalReference: ArchivalReferenceRow,
    Source: SourceRow,
    QuestionSource: QuestionSourceRow,
    Request: RequestRow,
    RequestItem: RequestItemRow,
    TrackingNumber: TrackingNumberRow,
    Communication: CommunicationRow,
    Attachment: AttachmentRow,
    RequestEvent: RequestEventRow,
    Note: NoteRow,
    LetterTemplate: LetterTemplateRow,
}

BY_TABLE: dict[str, type[Stamps]] = {str(e.__tablename__): e for e in ENTITIES}

# Bookkeeping columns: never compared or merged as content.
STAMP_FIELDS: frozenset[str] = frozenset(Stamps.model_fields)
