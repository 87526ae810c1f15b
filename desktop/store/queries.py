"""Read-only queries for lists and summaries: column tuples aggregated in SQL, not ORM objects.

List views never build ORM objects: a list query returns small frozen dataclasses, and the big
lists (requests across all questions) are read as an ordered list of ids first, sorted and
filtered in SQL, then as rows for just the ids on screen (`request_ids` + `request_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, and_, case, exists, func, literal_column, or_
from sqlmodel import Session, col, select

from desktop.domain.lifecycle import AWAITING_ARCHIVE, RequestStatus
from desktop.domain.vocab import Likelihood, QuestionStatus
from desktop.store import plain, question_list
from desktop.store.models import (
    ArchivalReference,
    ArchivalReferenceRow,
    Archive,
    ArchiveRow,
    Attachment,
    AttachmentRow,
    Communication,
    CommunicationRow,
    Holding,
    NoteRow,
    Question,
    QuestionRow,
    Request,
    RequestEvent,
    RequestEventRow,
    RequestItem,
    RequestRow,
    Row,
    TrackingNumber,
    TrackingNumberRow,
)
from desktop.store.question_list import QUESTION_SORTS, QuestionCounts, QuestionSummary

R = TypeVar("R", bound=Row)

# --- helpers ------------------------------------------------------------------------------------


def _live(entity: type) -> Any:
    return col(entity.deleted_at).is_(None)  # type: ignore[attr-defined]


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return column.like(_like(text), escape="\\")


def _effective_due() -> Any:
    return func.coalesce(Request.due_override, Request.due_on)


def _overdue(today: date) -> ColumnElement[bool]:
    """The SQL twin of `lifecycle.is_overdue`: with the archive, not paused, past the due date."""
    awaiting = [s.value for s in AWAITING_ARCHIVE]
    return and_(col(Request.status).in_(awaiting), _effective_due() < today)


# `_overdue` as SQL text for the plain-SQL reads (the day bound as a parameter, see `_day`).
_AWAITING_SQL = ", ".join(f"'{s.value}'" for s in sorted(AWAITING_ARCHIVE))
_OVERDUE_SQL = f"status IN ({_AWAITING_SQL}) AND coalesce(due_override, due_on) < ?"


def _day(session: Session, day: date) -> Any:
    """A date as a plain-SQL parameter: ISO text on SQLite (how it stores dates), a date elsewhere."""
    return day.isoformat() if session.get_bind().dialect.name == "sqlite" else day


def _natural_code() -> list[Any]:
    """Q2 before Q10: shorter codes first, then alphabetical."""
    return [func.length(Question.code), col(Question.code)]


def _archive_label() -> Any:
    return func.coalesce(func.nullif(Archive.identifier, ""), Archive.name)


# --- plain SQL ------------------------------------------------------------------------------------
# What a project shows as it opens (the filter choices, the first question, its notes) is read as
# plain SQL through the DB-API cursor: a new engine starts with an empty compiled cache, and
# SQLAlchemy takes ~1.5 ms to compile each statement, then decodes JSON and dates per row
# (issue 8). The SQL is written for both backends; values come back as each driver gives them
# (text on SQLite, native types from PostgreSQL) and are converted by `_when` and `_json`.


def _plain(session: Session, sql: str, *params: Any) -> Sequence[Any]:
    """The rows of `sql`, written with `?` placeholders, run on the session's connection (all
    fetched at once: SQLAlchemy's row-by-row iteration costs more than the query)."""
    connection = session.connection()
    if connection.dialect.paramstyle != "qmark":  # psycopg: %s
        sql = sql.replace("?", "%s")
    return connection.exec_driver_sql(sql, tuple(params)).fetchall()


# --- questions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionFilter:
    """What the questions list shows; empty fields do not filter."""

    text: str = ""
    status: str | None = None
    tag: str | None = None
    archive_id: str | None = None
    city: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.status or self.tag or self.archive_id or self.city)


def _linked_archives() -> Any:
    """(question id, archive id) for every live holding and request: where to look and where we asked."""
    return (
        select(Holding.question_id.label("qid"), Holding.archive_id.label("aid"))  # type: ignore[attr-defined]
        .where(_live(Holding))
        .union(select(Request.question_id, Request.archive_id).where(_live(Request)))
        .subquery()
    )


def _tag_is(tag: str) -> ColumnElement[bool]:
    each = func.json_each(Question.tags).table_valued("value")
    return exists(select(literal_column("1")).select_from(each).where(each.c.value == tag))


def _question_conditions(flt: QuestionFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [_live(Question)]
    if flt.status:
        conditions.append(Question.status == flt.status)
    if flt.tag:
        conditions.append(_tag_is(flt.tag))
    if flt.archive_id or flt.city:
        linked = _linked_archives()
        inner = select(linked.c.qid).join(Archive, Archive.id == linked.c.aid).where(_live(Archive))
        if flt.archive_id:
            inner = inner.where(linked.c.aid == flt.archive_id)
        if flt.city:
            inner = inner.where(Archive.city == flt.city)
        conditions.append(col(Question.id).in_(inner))
    for word in flt.text.split():
        each = func.json_each(Question.tags).table_valued("value")
        conditions.append(
            or_(
                _contains(Question.code, word),
                _contains(Question.title, word),
                _contains(Question.text, word),
                _contains(Question.background, word),
                _contains(Question.answer_summary, word),
                exists(select(literal_column("1")).select_from(each).where(_contains(each.c.value, word))),
            )
        )
    return conditions


def question_summaries(
    *,
    session: Session,
    today: date | None = None,
    filter: QuestionFilter | None = None,
    sort: str = "code",
    descending: bool = False,
    counts: bool = True,
) -> list[QuestionSummary]:
    """Live questions with their archives' cities and request counts, filtered and sorted in SQL.

    With `counts=False` (and a sort that needs no count) only the questions' own columns are
    read (8 ms for 2,000 questions instead of ~0.5 s with 100,000 requests): the list shows at
    once and `question_counts` fills in the rest, off the GUI thread.
    """
    today = today or date.today()
    flt = filter or QuestionFilter()
    if sort not in ("open", "overdue"):
        rows = _questions_uncounted(session, flt, sort, descending)
        if not counts:
            return rows
        return question_list.with_counts(rows, question_counts(session=session, today=today))
    count_rows = (
        select(
            Request.question_id,
            func.count().label("total"),
            func.sum(case((Request.status != RequestStatus.CLOSED.value, 1), else_=0)).label("open"),
            func.sum(case((_overdue(today), 1), else_=0)).label("overdue"),
        )
        .where(_live(Request))
        .group_by(Request.question_id)
        .subquery()
    )
    linked = _linked_archives()
    city_rows = session.exec(
        select(linked.c.qid, Archive.city)
        .join(Archive, Archive.id == linked.c.aid)
        .where(_live(Archive), Archive.city != "")
        .distinct()
    ).all()
    cities: dict[str, set[str]] = {}
    for qid, city in city_rows:
        cities.setdefault(qid, set()).add(city)

    open_count = func.coalesce(count_rows.c.open, 0)
    overdue_count = func.coalesce(count_rows.c.overdue, 0)
    if sort in ("open", "overdue"):
        key = open_count if sort == "open" else overdue_count
        order = [key.desc() if descending else key.asc(), *_natural_code()]  # readable tie-break
    else:
        order = _question_order(sort, descending)

    rows = session.exec(
        select(
            Question.id,
            Question.code,
            Question.title,
            Question.status,
            Question.priority,
            Question.tags,
            func.coalesce(count_rows.c.total, 0),
            open_count,
            overdue_count,
        )
        .outerjoin(count_rows, count_rows.c.question_id == Question.id)
        .where(*_question_conditions(flt))
        .order_by(*order)
    ).all()
    return [
        question_list.summary(r, cities=tuple(sorted(cities.get(r[0], ()))), counts=(r[6], r[7], r[8]))
        for r in rows
    ]


def _question_order(sort: str, descending: bool) -> list[Any]:
    status_rank = case(
        {s.value: n for n, s in enumerate(QuestionStatus)}, value=Question.status, else_=len(QuestionStatus)
    )
    keys: dict[str, list[Any]] = {
        "code": _natural_code(),
        "title": [func.lower(Question.title)],
        "status": [status_rank],
        "priority": [col(Question.priority)],
        "updated": [col(Question.updated_at)],
    }
    if sort not in keys:
        raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(QUESTION_SORTS)}")
    order = [k.desc() if descending else k.asc() for k in keys[sort]]
    return order + (_natural_code() if sort != "code" else [])


def _questions_uncounted(
    session: Session, flt: QuestionFilter, sort: str, descending: bool
) -> list[QuestionSummary]:
    if not flt.active:  # the list as it first shows: plain SQL (see `desktop.store.question_list`)
        return question_list.uncounted_summaries(
            _plain(session, question_list.live_questions_sql(sort, descending))
        )
    statement = (
        select(Question.id, Question.code, Question.title, Question.status, Question.priority, Question.tags)
        .where(*_question_conditions(flt))
        .order_by(*_question_order(sort, descending))
    )
    return question_list.uncounted_summaries(session.connection().execute(statement))


def question_counts(*, session: Session, today: date | None = None) -> dict[str, QuestionCounts]:
    """The cities and request counts of every live question (what `counts=False` leaves out).

    Plain SQL: it starts on a worker thread as a large project opens, and compiling statements
    would hold the interpreter while the GUI thread reads the first question (~5 ms of waiting)."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    # Without statistics SQLite reads every live request through ix_request_deleted_at, as in
    # `_request_id_select`; almost every request is live.
    live = "likelihood(deleted_at IS NULL, 0.99)" if sqlite else "deleted_at IS NULL"
    not_closed = f"status != '{RequestStatus.CLOSED.value}'"
    totals = _plain(
        session,
        f"SELECT question_id, count(*), sum(CASE WHEN {not_closed} THEN 1 ELSE 0 END),"
        f" sum(CASE WHEN {_OVERDUE_SQL} THEN 1 ELSE 0 END) FROM request WHERE {live} GROUP BY question_id",
        _day(session, today or date.today()),
    )
    found = {qid: (int(total), int(open_ or 0), int(overdue or 0)) for qid, total, open_, overdue in totals}
    cities: dict[str, set[str]] = {}
    for qid, city in _plain(
        session,
        "SELECT DISTINCT linked.qid, archive.city FROM ("
        "SELECT question_id AS qid, archive_id AS aid FROM holding WHERE deleted_at IS NULL"
        " UNION SELECT question_id, archive_id FROM request WHERE deleted_at IS NULL"
        ") AS linked JOIN archive ON archive.id = linked.aid"
        " WHERE archive.deleted_at IS NULL AND archive.city != ''",
    ):
        cities.setdefault(qid, set()).add(city)
    return {
        qid: QuestionCounts(tuple(sorted(cities.get(qid, ()))), *found.get(qid, (0, 0, 0)))
        for qid in found.keys() | cities.keys()
    }


@dataclass(frozen=True)
class QuestionFacets:
    """The values the questions list can be filtered by."""

    tags: tuple[str, ...]
    archives: tuple[tuple[str, str], ...]  # (id, label), alphabetical by label
    cities: tuple[str, ...]


def question_facets(*, session: Session) -> QuestionFacets:
    """Every tag of a live question, every live archive and city (plain SQL: read at each open)."""
    tags: set[str] = set()
    # As text, so that equal tag lists are decoded once (PostgreSQL's json type has no equality).
    for (value,) in _plain(
        session, "SELECT DISTINCT CAST(tags AS TEXT) FROM question WHERE deleted_at IS NULL"
    ):
        tags.update(str(tag) for tag in plain.json_value(value, list))
    label = "coalesce(nullif(identifier, ''), name)"
    archives = list(
        _plain(session, f"SELECT id, {label}, city FROM archive WHERE deleted_at IS NULL ORDER BY {label}")
    )
    cities = sorted({city for _id, _label, city in archives if city})
    return QuestionFacets(
        tags=tuple(sorted(tags, key=str.casefold)),
        archives=tuple((a_id, f"{label} ({city})" if city else label) for a_id, label, city in archives),
        cities=tuple(cities),
    )


# --- one question -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceView:
    id: str
    style: str
    parts: dict[str, str]
    formatted: str
    title: str
    dates: str
    access: str

    @property
    def label(self) -> str:
        return self.formatted or format_parts(self.style, self.parts) or self.title


# The language a reference is written in, in its own tradition's lists.
_STYLE_LANGUAGE = {"ru": "ru", "mn": "mn", "jp": "ja", "us": "en"}


def format_parts(style: str, parts: dict[str, str]) -> str:
    """A readable reference from its parts ("ф. 32113, оп. 1, д. 3"), when none was written: the
    same formatter the letters use, in the archive tradition's own language."""
    from desktop.domain.references import format_reference

    return format_reference(style, parts, language=_STYLE_LANGUAGE.get(style, "en"))


@dataclass(frozen=True)
class HoldingView:
    id: str
    archive_id: str
    archive: str  # identifier or name
    archive_name: str
    city: str
    likelihood: str
    rationale: str
    expected: str
    references: tuple[ReferenceView, ...]


@dataclass(frozen=True)
class PersonLink:
    link_id: str
    person_id: str
    name: str
    name_original: str
    role: str


@dataclass(frozen=True)
class SourceLink:
    link_id: str
    source_id: str
    kind: str
    citation: str
    citation_original: str
    year: int | None
    url: str
    pages: str
    note: str


@dataclass(frozen=True)
class QuestionDetail:
    question: QuestionRow
    holdings: tuple[HoldingView, ...]
    people: tuple[PersonLink, ...]
    sources: tuple[SourceLink, ...]


def _reference_view(r: ArchivalReference | ArchivalReferenceRow) -> ReferenceView:
    return ReferenceView(
        id=r.id,
        style=r.style,
        parts=dict(r.parts or {}),
        formatted=r.formatted,
        title=r.title,
        dates=r.dates,
        access=r.access,
    )


_LIKELIHOOD_RANK = (  # most likely first, in the order of `Likelihood`
    "CASE h.likelihood "
    + " ".join(f"WHEN '{value.value}' THEN {rank}" for rank, value in enumerate(Likelihood))
    + f" ELSE {len(Likelihood)} END"
)


def _live_row(session: Session, row_type: type[R], table: str, row_id: str) -> R:
    """One live row as `repo.get` gives it (a frozen `...Row`), read as plain SQL. Raises NotFound,
    with `repo.get`'s message, for a missing or trashed row."""
    from desktop.store.errors import NotFound

    fields = tuple(row_type.model_fields)
    found = _plain(session, f"SELECT {', '.join(fields)} FROM {table} WHERE id = ?", row_id)
    if not found or found[0].deleted_at is not None:
        raise NotFound(f"No {table} with id {row_id} (it may have been deleted).")
    values = dict(zip(fields, found[0], strict=True))
    for name, value in values.items():  # a BLOB where text belongs (a copy from another program)
        if isinstance(value, bytes | bytearray | memoryview):
            values[name] = plain.text(value)
    for stamp in ("created_at", "updated_at"):
        values[stamp] = plain.when(values[stamp])
    for name in fields:
        if row_type.model_fields[name].annotation == list[str]:  # JSON: a question's tags
            values[name] = [str(item) for item in plain.json_value(values[name], list)]
    return row_type(**values)


def question_detail(*, session: Session, question_id: str) -> QuestionDetail:
    """Everything the centre pane shows for one question, in one read (plain SQL: the first
    question's detail is read at each open)."""
    question = _live_row(session, QuestionRow, "question", question_id)
    holding_rows = list(
        _plain(
            session,
            "SELECT h.id, a.id, a.identifier, a.name, a.city, h.likelihood, h.rationale, h.expected"
            " FROM holding h JOIN archive a ON a.id = h.archive_id"
            f" WHERE h.question_id = ? AND h.deleted_at IS NULL ORDER BY {_LIKELIHOOD_RANK}, a.identifier",
            question_id,
        )
    )
    references: dict[str, list[ReferenceView]] = {}
    if holding_rows:
        marks = ", ".join("?" * len(holding_rows))
        for holding_id, ref_id, style, parts, formatted, title, dates, access in _plain(
            session,
            "SELECT holding_id, id, style, parts, formatted, title, dates, access FROM archival_reference"
            f" WHERE holding_id IN ({marks}) AND deleted_at IS NULL ORDER BY created_at",
            *(row[0] for row in holding_rows),
        ):
            references.setdefault(str(holding_id), []).append(
                ReferenceView(
                    id=ref_id,
                    style=style,
                    parts=dict(plain.json_value(parts, dict)),
                    formatted=formatted,
                    title=title,
                    dates=dates,
                    access=access,
                )
            )
    holdings = tuple(
        HoldingView(
            id=h_id,
            archive_id=a_id,
            archive=identifier or name,
            archive_name=name,
            city=city,
            likelihood=likelihood,
            rationale=rationale,
            expected=expected,
            references=tuple(references.get(h_id, ())),
        )
        for h_id, a_id, identifier, name, city, likelihood, rationale, expected in holding_rows
    )
    people = tuple(
        PersonLink(link_id, person_id, name, name_original, link_role or role)
        for link_id, person_id, name, name_original, link_role, role in _plain(
            session,
            "SELECT l.id, p.id, p.name, p.name_original, l.role, p.role"
            " FROM question_person l JOIN person p ON p.id = l.person_id"
            " WHERE l.question_id = ? AND l.deleted_at IS NULL AND p.deleted_at IS NULL"
            " ORDER BY l.created_at",
            question_id,
        )
    )
    sources = tuple(
        SourceLink(*row)
        for row in _plain(
            session,
            "SELECT l.id, s.id, s.kind, s.citation, s.citation_original, s.year, s.url, l.pages, l.note"
            " FROM question_source l JOIN source s ON s.id = l.source_id"
            " WHERE l.question_id = ? AND l.deleted_at IS NULL AND s.deleted_at IS NULL"
            " ORDER BY l.created_at",
            question_id,
        )
    )
    return QuestionDetail(question=question, holdings=holdings, people=people, sources=sources)


# --- notes --------------------------------------------------------------------------------------


class NoteSummary(NamedTuple):
    """A note in a question's list (a named tuple: hundreds are built as a question opens)."""

    id: str
    question_id: str
    title: str
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


def note_row(*, session: Session, note_id: str) -> NoteRow:
    """One live note with its body, as `repo.get` gives it (plain SQL: the newest note of the
    first question opens with the project)."""
    return _live_row(session, NoteRow, "note", note_id)


def note_summaries(*, session: Session, question_id: str) -> list[NoteSummary]:
    """A question's live notes, oldest first; bodies are read one at a time, when opened (plain
    SQL: the first question's notes are read at each open, hundreds of them)."""
    return [
        NoteSummary(id, qid, title, created_by, plain.when(created_at), updated_by, plain.when(updated_at))  # type: ignore[arg-type]
        for id, qid, title, created_by, created_at, updated_by, updated_at in _plain(
            session,
            "SELECT id, question_id, title, created_by, created_at, updated_by, updated_at FROM note"
            " WHERE question_id = ? AND deleted_at IS NULL ORDER BY created_at, id",
            question_id,
        )
    ]


# --- requests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestSummary:
    id: str
    question_id: str
    question_code: str
    archive_id: str
    archive: str  # identifier, or name when it has none
    city: str
    kind: str
    language: str
    subject: str
    status: str
    outcome: str | None
    sent_on: date | None
    due_on: date | None  # the due date in force: the override when there is one
    tracking_number: str
    due_basis: str  # why that date: the rule, the start and the days skipped, or the override's reason


@dataclass(frozen=True)
class RequestFilter:
    """What a requests list shows; empty fields do not filter."""

    question_id: str | None = None
    status: str | None = None
    archive_id: str | None = None
    city: str | None = None
    text: str = ""
    open_only: bool = False
    overdue_only: bool = False


# "urgency": overdue first, then by due date (undated last), then oldest first.
REQUEST_SORTS = (
    "urgency",
    "question",
    "archive",
    "city",
    "kind",
    "status",
    "sent",
    "due",
    "tracking",
    "subject",
)


def _tracking_subquery() -> Any:
    return (
        select(TrackingNumber.request_id, func.max(TrackingNumber.number).label("number"))
        .where(_live(TrackingNumber), col(TrackingNumber.current).is_(True))
        .group_by(TrackingNumber.request_id)
        .subquery()
    )


def _request_columns(tracking_number: Any) -> Any:
    """The RequestSummary columns, joined to question and archive; `tracking_number` is the
    expression for the current tracking number (a joined subquery's column or a correlated one)."""
    return (
        select(
            Request.id,
            Request.question_id,
            Question.code,
            Request.archive_id,
            _archive_label(),
            Archive.city,
            Request.kind,
            Request.language,
            Request.subject,
            Request.status,
            Request.outcome,
            Request.sent_on,
            _effective_due(),
            func.coalesce(tracking_number, ""),
            case(
                (col(Request.due_override).is_not(None), "Set by hand: " + Request.due_override_reason),
                else_=Request.due_basis,
            ),
        )
        .join(Question, Question.id == Request.question_id)
        .join(Archive, Archive.id == Request.archive_id)
    )


def _request_select(tracking: Any) -> Any:
    return _request_columns(tracking.c.number).outerjoin(tracking, tracking.c.request_id == Request.id)


def request_summaries(*, session: Session, question_id: str | None = None) -> list[RequestSummary]:
    """Live requests (of live questions) with their archive and current tracking number."""
    statement = (
        _request_select(_tracking_subquery())
        .where(_live(Request), _live(Question))
        .order_by(*_natural_code(), col(Request.created_at))
    )
    if question_id is not None:
        statement = statement.where(Request.question_id == question_id)
    return [RequestSummary(*row) for row in session.exec(statement).all()]


def _trashed_questions(session: Session) -> Any:
    """`Request.question_id` outside the Trash, or None when the Trash holds no question (usual).

    Cheaper than joining every request to its question: the list of trashed questions is short,
    and without it the id pages are read from `ix_request_due_sort` alone.
    """
    trashed = select(Question.id).where(col(Question.deleted_at).is_not(None))
    if session.exec(trashed.limit(1)).first() is None:
        return None
    return col(Request.question_id).not_in(trashed)


def _request_id_select(session: Session, flt: RequestFilter, sort: str, descending: bool, today: date) -> Any:
    """SELECT request.id, filtered and ordered; joins only what the filter or the sort needs."""
    words = flt.text.split()
    needs_question = sort == "question" or bool(words)
    needs_archive = sort in ("archive", "city") or bool(flt.city) or bool(words)
    live: Any = _live(Request)
    if session.get_bind().dialect.name == "sqlite":
        # Without statistics SQLite takes `deleted_at IS NULL` for selective and reads every live
        # request through ix_request_deleted_at, then sorts (280 ms); almost every row is live.
        live = func.likelihood(live, literal_column("0.99"))
    statement = select(Request.id).where(live)
    if needs_question:
        statement = statement.join(Question, Question.id == Request.question_id).where(_live(Question))
    else:
        outside_trash = _trashed_questions(session)
        if outside_trash is not None:
            statement = statement.where(outside_trash)
    if needs_archive:
        statement = statement.join(Archive, Archive.id == Request.archive_id)
    if flt.question_id:
        statement = statement.where(Request.question_id == flt.question_id)
    if flt.status:
        statement = statement.where(Request.status == flt.status)
    if flt.archive_id:
        statement = statement.where(Request.archive_id == flt.archive_id)
    if flt.city:
        statement = statement.where(Archive.city == flt.city)
    if flt.open_only:
        statement = statement.where(Request.status != RequestStatus.CLOSED.value)
    if flt.overdue_only:
        statement = statement.where(_overdue(today))
    for word in words:
        statement = statement.where(
            or_(
                _contains(Request.subject, word),
                _contains(Request.purpose, word),
                _contains(Question.code, word),
                _contains(Archive.identifier, word),
                _contains(Archive.name, word),
                _contains(Archive.name_original, word),
                _contains(Archive.city, word),
                col(Request.id).in_(
                    select(TrackingNumber.request_id).where(
                        _live(TrackingNumber), _contains(TrackingNumber.number, word)
                    )
                ),
            )
        )
    tracking = _tracking_subquery()
    due = _effective_due()
    undated_last = due.is_(None)  # false (dated) first; the expression ix_request_due_sort holds
    keys: dict[str, list[Any]] = {
        "urgency": [case((_overdue(today), 0), else_=1), due],
        "question": _natural_code(),
        "archive": [func.lower(_archive_label())],
        "city": [col(Archive.city)],
        "kind": [col(Request.kind)],
        "status": [col(Request.status)],
        "sent": [col(Request.sent_on)],
        "due": [due],
        "tracking": [func.coalesce(tracking.c.number, "")],
        "subject": [func.lower(Request.subject)],
    }
    if sort not in keys:
        raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(REQUEST_SORTS)}")
    if sort == "tracking":
        statement = statement.outerjoin(tracking, tracking.c.request_id == Request.id)
    order = [k.desc() if descending else k.asc() for k in keys[sort]]
    if sort in ("urgency", "due"):
        order.insert(1 if sort == "urgency" else 0, undated_last.asc())  # undated last, either way
    return statement.order_by(*order, col(Request.created_at), col(Request.id))


def request_ids(
    *,
    session: Session,
    filter: RequestFilter | None = None,
    sort: str = "urgency",
    descending: bool = False,
    today: date | None = None,
) -> list[str]:
    """The ids of the requests a list shows, in order: filtered and sorted in SQL.

    A list reads this once and then the rows on screen with `request_rows`, so scrolling to the
    end never reads the rows in between. Sorts an index serves (`pages_in_order`) are read a
    page at a time instead (`request_count` + `request_id_page`).
    """
    flt, today = filter or RequestFilter(), today or date.today()
    if flt.question_id and flt == RequestFilter(question_id=flt.question_id) and sort in ("urgency", "due"):
        return _question_request_ids(session, flt.question_id, sort, descending, today)
    statement = _request_id_select(session, flt, sort, descending, today)
    return list(session.connection().execute(statement).scalars())


def _question_request_ids(
    session: Session, question_id: str, sort: str, descending: bool, today: date
) -> list[str]:
    """`request_ids` of one question by urgency or due date, as the centre pane first lists them:
    the same order as `_request_id_select`, in plain SQL (read at each open)."""
    direction = "DESC" if descending else "ASC"
    due = "coalesce(due_override, due_on)"
    order = [f"({due} IS NULL) ASC", f"{due} {direction}"]  # undated last, either way
    params: list[Any] = [question_id]
    if sort == "urgency":
        order.insert(0, f"CASE WHEN {_OVERDUE_SQL} THEN 0 ELSE 1 END {direction}")
        params.append(_day(session, today))
    rows = _plain(
        session,
        "SELECT id FROM request WHERE deleted_at IS NULL AND question_id = ? AND NOT EXISTS"
        " (SELECT 1 FROM question q WHERE q.id = request.question_id AND q.deleted_at IS NOT NULL)"
        f" ORDER BY {', '.join(order)}, created_at ASC, id ASC",
        *params,
    )
    return [row[0] for row in rows]


def pages_in_order(sort: str, descending: bool) -> bool:
    """Whether an index keeps this order, so a page at any offset is read without sorting."""
    return sort == "due" and not descending  # ix_request_due_sort (migration 0004)


def request_id_page(
    *,
    session: Session,
    filter: RequestFilter | None = None,
    sort: str = "due",
    descending: bool = False,
    today: date | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[str]:
    """`limit` ids of `request_ids` from position `offset` (a screenful of a long list)."""
    statement = _request_id_select(
        session, filter or RequestFilter(), sort, descending, today or date.today()
    )
    return list(session.connection().execute(statement.limit(limit).offset(offset)).scalars())


def request_count(
    *,
    session: Session,
    filter: RequestFilter | None = None,
    today: date | None = None,
    at_most: int | None = None,
) -> int:
    """How many requests `request_ids` would give, by count(*) without reading them; counting
    stops at `at_most` when given (enough to tell a large project)."""
    if (filter is None or filter == RequestFilter()) and not _plain(
        session, "SELECT 1 FROM question WHERE deleted_at IS NOT NULL LIMIT 1"
    ):
        # Every live request, none in the Trash with its question (the usual case): plain SQL,
        # as the questions list asks this at each open.
        live = "SELECT 1 FROM request WHERE deleted_at IS NULL"
        if at_most is not None and at_most > 0 and _plain(session, f"{live} LIMIT 1 OFFSET ?", at_most - 1):
            return at_most  # the at_most-th row exists: stepping over rows is cheaper than counting them
        return int(_plain(session, f"SELECT count(*) FROM ({live}) AS live")[0][0])
    statement = _request_id_select(session, filter or RequestFilter(), "due", False, today or date.today())
    statement = statement.order_by(None)
    if at_most is not None:
        statement = statement.limit(at_most)
    counted = select(func.count()).select_from(statement.subquery())
    return int(session.connection().execute(counted).scalar() or 0)


def _tracking_of_request() -> Any:
    """The current tracking number of the request in the row (a look-up per row on screen, not a
    GROUP BY over every tracking number of the project: 129 ms -> ~1 ms per 100 rows)."""
    return (
        select(func.max(TrackingNumber.number))
        .where(
            TrackingNumber.request_id == Request.id,
            _live(TrackingNumber),
            col(TrackingNumber.current).is_(True),
        )
        .correlate(Request)
        .scalar_subquery()
    )


def request_rows(*, session: Session, ids: Sequence[str]) -> list[RequestSummary]:
    """The rows for some request ids (a screenful), in the order given; missing ids are skipped."""
    if not ids:
        return []
    statement = _request_columns(_tracking_of_request()).where(col(Request.id).in_(list(ids)))
    rows = session.exec(statement).all()
    by_id = {row[0]: RequestSummary(*row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class CommunicationView:
    communication: CommunicationRow
    attachments: tuple[AttachmentRow, ...]


@dataclass(frozen=True)
class RequestDetail:
    request: RequestRow
    question_code: str
    question_title: str
    archive: ArchiveRow
    events: tuple[RequestEventRow, ...]
    tracking_numbers: tuple[TrackingNumberRow, ...]
    communications: tuple[CommunicationView, ...]
    items: tuple[ReferenceView, ...]
    parent_id: str | None


def request_detail(*, session: Session, request_id: str) -> RequestDetail:
    """Everything the request window shows, in one read."""
    from desktop.store import repo

    request = repo.get(session=session, entity=Request, id=request_id)
    question = repo.get(session=session, entity=Question, id=request.question_id, include_deleted=True)
    archive = repo.get(session=session, entity=Archive, id=request.archive_id, include_deleted=True)
    events = session.exec(
        select(RequestEvent)
        .where(RequestEvent.request_id == request_id, _live(RequestEvent))
        .order_by(col(RequestEvent.occurred_on), col(RequestEvent.created_at))
    ).all()
    numbers = session.exec(
        select(TrackingNumber)
        .where(TrackingNumber.request_id == request_id, _live(TrackingNumber))
        .order_by(col(TrackingNumber.issued_on), col(TrackingNumber.created_at))
    ).all()
    letters = session.exec(
        select(Communication)
        .where(Communication.request_id == request_id, _live(Communication))
        .order_by(col(Communication.dated_on), col(Communication.created_at))
    ).all()
    files: dict[str, list[AttachmentRow]] = {}
    if letters:
        for a in session.exec(
            select(Attachment)
            .where(col(Attachment.communication_id).in_([c.id for c in letters]), _live(Attachment))
            .order_by(col(Attachment.created_at))
        ).all():
            files.setdefault(a.communication_id, []).append(repo.to_row(a))
    items = session.exec(
        select(ArchivalReference)
        .join(RequestItem, RequestItem.reference_id == ArchivalReference.id)
        .where(RequestItem.request_id == request_id, _live(RequestItem))
        .order_by(col(RequestItem.position))
    ).all()
    return RequestDetail(
        request=request,
        question_code=question.code,
        question_title=question.title,
        archive=archive,
        events=tuple(repo.to_row(e) for e in events),
        tracking_numbers=tuple(repo.to_row(t) for t in numbers),
        communications=tuple(CommunicationView(repo.to_row(c), tuple(files.get(c.id, ()))) for c in letters),
        items=tuple(_reference_view(r) for r in items),
        parent_id=request.parent_id,
    )


# --- archives -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveSummary:
    id: str
    identifier: str
    name: str
    name_original: str
    city: str
    country: str
    language: str
    holdings: int
    requests: int


def archive_summaries(*, session: Session, text: str = "") -> list[ArchiveSummary]:
    """Live archives with how many holdings and requests point at them, by city then name."""
    holdings = (
        select(Holding.archive_id, func.count().label("n"))
        .where(_live(Holding))
        .group_by(Holding.archive_id)
        .subquery()
    )
    requests = (
        select(Request.archive_id, func.count().label("n"))
        .where(_live(Request))
        .group_by(Request.archive_id)
        .subquery()
    )
    statement = (
        select(
            Archive.id,
            Archive.identifier,
            Archive.name,
            Archive.name_original,
            Archive.city,
            Archive.country,
            Archive.language,
            func.coalesce(holdings.c.n, 0),
            func.coalesce(requests.c.n, 0),
        )
        .outerjoin(holdings, holdings.c.archive_id == Archive.id)
        .outerjoin(requests, requests.c.archive_id == Archive.id)
        .where(_live(Archive))
        .order_by(col(Archive.city), func.lower(Archive.name))
    )
    for word in text.split():
        statement = statement.where(
            or_(
                _contains(Archive.identifier, word),
                _contains(Archive.name, word),
                _contains(Archive.name_original, word),
                _contains(Archive.other_names, word),
                _contains(Archive.city, word),
            )
        )
    return [ArchiveSummary(*row) for row in session.exec(statement).all()]
