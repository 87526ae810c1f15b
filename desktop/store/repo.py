"""Generic repository functions for every entity: create, get, list, update, soft-delete, restore.

Rules (DESIGN §1):
- keyword-only, the session passed explicitly, one unit of work each (they commit, unless run
  inside `batch(session)`, which commits once at the end or rolls everything back);
- they return frozen rows (`desktop.store.models.*Row`), never live ORM objects;
- every write bumps the row's version, stamps author and time, records one `Change` row per
  field (the history and the merge input) and returns what changed.

The session carries who is writing: `session.info["author"]` and `session.info["replica_id"]`,
set by `Project.session()`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from desktop.domain import vocab
from desktop.domain.lifecycle import Outcome, RequestStatus
from desktop.store.changes import Changes, Written
from desktop.store.errors import InvalidValue, NotFound, StaleEdit
from desktop.store.models import (
    ROW_TYPES,
    STAMP_FIELDS,
    ArchivalReference,
    Archive,
    Change,
    ChangeRow,
    Communication,
    Holding,
    LetterTemplate,
    Question,
    Request,
    Row,
    Stamps,
    TrackingNumber,
    utcnow,
)

E = TypeVar("E", bound=Stamps)

# Fields whose values come from a fixed vocabulary.
ENUM_FIELDS: dict[type[Stamps], dict[str, type[StrEnum]]] = {
    Question: {"status": vocab.QuestionStatus},
    Holding: {"likelihood": vocab.Likelihood},
    Request: {"kind": vocab.RequestKind, "status": RequestStatus, "outcome": Outcome},
    TrackingNumber: {"reason": vocab.TrackingReason},
    Communication: {
        "direction": vocab.Direction,
        "channel": vocab.Channel,
        "category": vocab.CommunicationCategory,
    },
    ArchivalReference: {"style": vocab.ReferenceStyle, "access": vocab.AccessStatus},
    LetterTemplate: {"kind": vocab.TemplateKind, "scope": vocab.TemplateScope},
}
LANGUAGE_FIELDS: dict[type[Stamps], str] = {
    Archive: "language",
    Request: "language",
    Communication: "language",
    LetterTemplate: "language",
}
# Fields only the life cycle may write (see desktop.store.requests.change_status).
GUARDED_FIELDS: dict[type[Stamps], frozenset[str]] = {Request: frozenset({"status", "outcome"})}

# --- sessions ------------------------------------------------------------------------------


def author_of(session: Session) -> str:
    return str(session.info.get("author", ""))


def replica_of(session: Session) -> str:
    return str(session.info.get("replica_id", ""))


def commit(session: Session) -> None:
    """End the unit of work, unless an enclosing `batch` will."""
    if not session.info.get("batch_depth"):
        session.commit()


@contextmanager
def batch(session: Session) -> Iterator[Session]:
    """Group several repository calls into one transaction: all or nothing."""
    session.info["batch_depth"] = session.info.get("batch_depth", 0) + 1
    try:
        yield session
    except BaseException:
        session.info["batch_depth"] -= 1
        session.rollback()
        raise
    session.info["batch_depth"] -= 1
    if not session.info["batch_depth"]:
        session.commit()


# --- values --------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def encode(value: Any) -> str:
    """A field value as JSON text, as the change log stores it."""
    return json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)


def content_fields(entity: type[Stamps]) -> list[str]:
    return [name for name in entity.model_fields if name not in STAMP_FIELDS]


@cache
def _adapter(entity: type[Stamps], name: str) -> TypeAdapter[Any]:
    field = entity.model_fields[name]
    if not field.metadata:
        return TypeAdapter(field.annotation)
    return TypeAdapter(Annotated[field.annotation, *field.metadata])  # type: ignore[name-defined]


def _coerce(entity: type[Stamps], name: str, value: Any) -> Any:
    """Check one value against the field's vocabulary and type; dates may be given as ISO text."""
    enum = ENUM_FIELDS.get(entity, {}).get(name)
    if enum is not None and value is not None:
        try:
            return enum(value).value
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise InvalidValue(f"{value!r} is not a valid {name} (expected one of: {allowed}).") from None
    if LANGUAGE_FIELDS.get(entity) == name and value not in vocab.LANGUAGES:
        allowed = ", ".join(vocab.LANGUAGES)
        raise InvalidValue(f"{value!r} is not a supported letter language (expected one of: {allowed}).")
    if value == "" and entity.model_fields[name].annotation in (date | None, int | None):
        return None  # an emptied date or number field
    try:
        return _adapter(entity, name).validate_python(value)
    except ValidationError as exc:
        kind = exc.errors()[0]["type"]
        if kind.startswith("date"):
            raise InvalidValue(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26.") from None
        problem = exc.errors()[0]["msg"]
        raise InvalidValue(f"{name.replace('_', ' ')}: {problem} (got {value!r}).") from None


def _check_fields(entity: type[Stamps], values: Mapping[str, Any]) -> dict[str, Any]:
    known = set(content_fields(entity))
    unknown = sorted(set(values) - known)
    if unknown:
        raise InvalidValue(f"{entity.__name__} has no field {', '.join(unknown)}.")
    return {name: _coerce(entity, name, value) for name, value in values.items()}


def to_row(obj: Stamps) -> Any:
    """A frozen copy of an ORM object."""
    row_type = ROW_TYPES[type(obj)]
    return row_type(**{name: getattr(obj, name) for name in row_type.model_fields})


def _table(entity: type[Stamps]) -> str:
    return str(entity.__tablename__)


# --- the change log ------------------------------------------------------------------------


def _next_seq(session: Session) -> int:
    replica = replica_of(session)
    if session.get_bind().dialect.name == "postgresql":
        # Two windows of one installation share a replica id on a team server: take turns for
        # the next sequence number (a lock held until the transaction ends).
        session.exec(select(func.pg_advisory_xact_lock(func.hashtext(replica))))
    last = session.exec(select(func.max(Change.seq)).where(Change.replica_id == replica)).one()
    return (last or 0) + 1


def record_changes(
    session: Session, *, table: str, row_id: str, op: str, fields: Mapping[str | None, tuple[Any, Any]]
) -> None:
    """Append one Change row per field: (old value, new value), JSON-encoded."""
    seq = _next_seq(session)
    now = _now(session)
    for offset, (name, (old, new)) in enumerate(fields.items()):
        session.add(
            Change(
                replica_id=replica_of(session),
                seq=seq + offset,
                author=author_of(session),
                at=now,
                table_name=table,
                row_id=row_id,
                op=op,
                field=name,
                old_value=None if old is None else encode(old),
                new_value=None if new is None else encode(new),
            )
        )


def _now(session: Session) -> datetime:
    """When a write happens. On a team server the server's clock: clients' clocks differ, and the
    version check (`_fields_changed_since`) reads a row's writes newest first by this time, so a
    colleague's clock running ahead would hide a later change from it."""
    if session.get_bind().dialect.name == "postgresql":
        return session.exec(select(func.clock_timestamp())).one().astimezone(UTC)
    return utcnow()


def _flush(session: Session, entity: type[Stamps]) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        detail = str(exc.orig)
        if "FOREIGN KEY" in detail.upper():  # SQLite says FOREIGN KEY, PostgreSQL foreign key
            raise InvalidValue(
                f"The {entity.__name__.lower()} refers to a record that does not exist."
            ) from None
        if "UNIQUE" in detail.upper():
            raise InvalidValue(
                f"Another {entity.__name__.lower()} already has that value ({detail})."
            ) from None
        raise InvalidValue(f"The {entity.__name__.lower()} cannot be saved: {detail}.") from None


# --- generic functions ---------------------------------------------------------------------


def create(
    *, session: Session, entity: type[E], values: Mapping[str, Any], id: str | None = None
) -> Written[Any]:
    """Insert a row; the change log gets one 'insert' entry holding all its fields.

    `id` is for rows that must have the same identity in every project (see `seeded_id`).
    """
    checked = _check_fields(entity, values)
    obj = entity(**checked) if id is None else entity(id=id, **checked)
    obj.created_by = obj.updated_by = author_of(session)
    session.add(obj)
    _flush(session, entity)
    snapshot = {name: getattr(obj, name) for name in content_fields(entity)}
    record_changes(session, table=_table(entity), row_id=obj.id, op="insert", fields={None: (None, snapshot)})
    commit(session)
    return Written(to_row(obj), Changes.of(_table(entity), obj.id))


# Rows that Quaestio itself adds to every project (legal regimes, built-in letter templates) get
# ids derived from what they are, so two copies seeded separately agree and merge cleanly.
_SEED_NAMESPACE = uuid.UUID("5d0c6c1e-2f57-4c8e-9d0a-6f1b3a5e7c42")


def seeded_id(*parts: str) -> str:
    return str(uuid.uuid5(_SEED_NAMESPACE, "/".join(parts)))


def _load(
    session: Session, entity: type[E], row_id: str, *, include_deleted: bool = False, for_update: bool = False
) -> E:
    # for_update: lock the row until the transaction ends (SELECT ... FOR UPDATE on a team server,
    # a no-op on SQLite, which has one writer anyway), and read it fresh, so the version check
    # and the write see the same row.
    if for_update:
        obj = session.get(entity, row_id, with_for_update=True, populate_existing=True)
    else:
        obj = session.get(entity, row_id)
    if obj is None or (obj.deleted_at is not None and not include_deleted):
        raise NotFound(f"No {entity.__name__.lower()} with id {row_id} (it may have been deleted).")
    return obj


def get(*, session: Session, entity: type[E], id: str, include_deleted: bool = False) -> Any:
    return to_row(_load(session, entity, id, include_deleted=include_deleted))


def list_rows(
    *,
    session: Session,
    entity: type[E],
    where: Mapping[str, Any] | None = None,
    deleted: bool = False,
    order_by: str | None = None,
) -> list[Any]:
    """Rows whose fields equal `where`; live rows, or with `deleted=True` only the trashed ones."""
    statement = select(entity)
    for name, value in (where or {}).items():
        statement = statement.where(getattr(entity, name) == value)
    deleted_col = col(entity.deleted_at)
    statement = statement.where(deleted_col.is_not(None) if deleted else deleted_col.is_(None))
    statement = statement.order_by(getattr(entity, order_by or "created_at"), col(entity.id))
    return [to_row(obj) for obj in session.exec(statement)]


def _fields_changed_since(session: Session, obj: Stamps, version: int) -> set[str] | None:
    """The fields the writes after `version` changed, from the change log; None if it cannot tell.

    Every plain write bumps the version by one and logs one group of changes (same replica,
    same time), so the last `obj.version - version` groups are the writes since. Anything else
    among them (a delete, a restore, a merge that moved the version further) gives None.
    """
    behind = obj.version - version
    if behind <= 0:
        return None
    statement = (
        select(Change.replica_id, Change.at, Change.op, Change.field)
        .where(Change.row_id == obj.id)
        .order_by(col(Change.at).desc(), col(Change.seq).desc())
        .limit(2000)
    )
    groups: list[tuple[str, set[str | None]]] = []
    last_key: tuple[str, Any] | None = None
    for replica, at, op, field in session.exec(statement):
        if (replica, at) != last_key:
            if len(groups) == behind:
                break
            groups.append((op, set()))
            last_key = (replica, at)
        if op != groups[-1][0]:
            return None
        groups[-1][1].add(field)
    if len(groups) < behind or any(op != "update" for op, _fields in groups):
        return None
    return {str(f) for _op, fields in groups for f in fields if f is not None}


def _check_version(session: Session, obj: Stamps, values: Mapping[str, Any], expected_version: int) -> None:
    """Optimistic locking: refuse an edit made on a stale copy when it would undo someone's change.

    The rule: if the row is still at `expected_version`, write. If others saved it since, the
    edit still goes through when none of the fields it changes were changed by them (a
    field-wise merge: both edits are kept); otherwise StaleEdit, and nothing is written.
    """
    if obj.version == expected_version:
        return
    theirs = theirs_fields = _fields_changed_since(session, obj, expected_version)
    mine = {name for name, new in values.items() if getattr(obj, name) != new}
    if theirs is not None and not (mine & theirs):
        return
    entity = type(obj)
    clash = sorted(mine & theirs) if theirs is not None else sorted(mine)
    who = obj.updated_by or "someone else"
    fields = ", ".join(name.replace("_", " ") for name in clash) or "this record"
    theirs = to_row(obj)
    session.rollback()  # ends the transaction: the row lock is released at once
    raise StaleEdit(
        f"{who} changed this {entity.__name__.lower()} ({fields}) after you opened it. "
        "Compare both versions and choose which to keep.",
        entity=entity,
        id=theirs.id,
        mine=dict(values),
        theirs=theirs,
        clash=clash if theirs_fields is not None else None,
    )


def apply_update(
    session: Session, obj: Stamps, values: Mapping[str, Any], *, expected_version: int | None = None
) -> Changes:
    """Set fields on a loaded object, recording each real change. Does not commit.

    With `expected_version` (the version the editor loaded) a stale edit that overlaps someone
    else's change raises StaleEdit (see `_check_version`); load `obj` with `_load(...,
    for_update=True)` so the check and the write see the same row.
    """
    entity = type(obj)
    if expected_version is not None:
        _check_version(session, obj, values, expected_version)
    diff: dict[str | None, tuple[Any, Any]] = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            diff[name] = (old, new)
            setattr(obj, name, new)
    if not diff:
        return Changes()
    obj.version += 1
    obj.updated_at = utcnow()
    obj.updated_by = author_of(session)
    _flush(session, entity)
    record_changes(session, table=_table(entity), row_id=obj.id, op="update", fields=diff)
    return Changes.of(_table(entity), obj.id)


def update(
    *,
    session: Session,
    entity: type[E],
    id: str,
    values: Mapping[str, Any],
    expected_version: int | None = None,
) -> Written[Any]:
    """Change some fields of a row. Fields guarded by a workflow (request status) are refused.

    `expected_version`: the row's version when the editor loaded it. If someone saved the row
    since and changed one of these fields, StaleEdit is raised and nothing is written; changes
    to other fields of the row are kept alongside this edit.
    """
    guarded = GUARDED_FIELDS.get(entity, frozenset()) & set(values)
    if guarded:
        raise InvalidValue(f"Change {', '.join(sorted(guarded))} with a status change, not a plain edit.")
    checked = _check_fields(entity, values)
    obj = _load(session, entity, id, for_update=True)
    changes = apply_update(session, obj, checked, expected_version=expected_version)
    commit(session)
    return Written(to_row(obj), changes)


def _set_deleted(session: Session, entity: type[E], row_id: str, *, deleted: bool) -> Written[Any]:
    obj = _load(session, entity, row_id, include_deleted=True, for_update=True)
    if (obj.deleted_at is not None) == deleted:
        return Written(to_row(obj), Changes())
    old = obj.deleted_at
    obj.deleted_at = utcnow() if deleted else None
    obj.version += 1
    obj.updated_at = utcnow()
    obj.updated_by = author_of(session)
    _flush(session, entity)
    record_changes(
        session,
        table=_table(entity),
        row_id=obj.id,
        op="delete" if deleted else "restore",
        fields={"deleted_at": (old, obj.deleted_at)},
    )
    commit(session)
    return Written(to_row(obj), Changes.of(_table(entity), obj.id))


def soft_delete(*, session: Session, entity: type[E], id: str) -> Written[Any]:
    """Move a row to the Trash (a tombstone: the row stays, marked deleted)."""
    return _set_deleted(session, entity, id, deleted=True)


def restore(*, session: Session, entity: type[E], id: str) -> Written[Any]:
    """Bring a row back from the Trash."""
    return _set_deleted(session, entity, id, deleted=False)


def history(*, session: Session, row_ids: list[str]) -> list[ChangeRow]:
    """Who changed what and when, for some rows, oldest first."""
    statement = (
        select(Change).where(col(Change.row_id).in_(row_ids)).order_by(col(Change.at), col(Change.seq))
    )
    return [ChangeRow.model_validate(c, from_attributes=True) for c in session.exec(statement)]


__all__ = [
    "Row",
    "apply_update",
    "batch",
    "create",
    "get",
    "history",
    "list_rows",
    "restore",
    "soft_delete",
    "update",
]
