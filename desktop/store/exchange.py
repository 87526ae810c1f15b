"""Export a project as CSV tables or as one JSON document; rebuild a project from that JSON.

- **CSV** is for spreadsheets: questions, holdings, requests and archives, one file per table,
  live rows only, readable column names and labels ("Reading-room access", not "reading_room").
  UTF-8 with a byte-order mark and CRLF line ends, which Excel and LibreOffice both open as
  UTF-8; cells that a spreadsheet would run as a formula (=, @, +/- before a letter) get a
  leading apostrophe. `--out` ending in `.zip` gives one zip archive, anything else a folder.
- **JSON** is the whole project, nothing lost: every row of every table, trashed rows included,
  with ids and stamps, and the change log (the history and the merge input). Importing it into
  a new file rebuilds the same project, and exporting that again gives the same document.

Import never touches an open project: it builds a new file under a temporary name, checks it,
and renames it into place only when everything succeeded. The import restores the rows and the
change log as recorded, so the history stays complete without new change entries.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Table, insert, select, text
from sqlmodel import Session, col

from desktop import APP_NAME, __version__
from desktop.domain.lifecycle import OUTCOME_LABELS, STATUS_LABELS
from desktop.domain.vocab import LANGUAGES, REQUEST_KIND_LABELS
from desktop.store import repo, schema
from desktop.store.engine import APPLICATION_ID, make_engine
from desktop.store.errors import QuaestioError
from desktop.store.models import (
    ENTITIES,
    ROW_TYPES,
    ArchivalReference,
    Archive,
    Change,
    ChangeRow,
    Holding,
    Question,
    Request,
    RequestItem,
    TrackingNumber,
)

FORMAT = "quaestio-project"
FORMAT_VERSION = 1
CSV_TABLES = ("questions", "holdings", "requests", "archives")

# progress(done, total, what); it may raise to cancel (the task runner's Cancelled).
Progress = Callable[[int, int, str], None]


class ExchangeError(QuaestioError):
    """A file cannot be exported or imported; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class ExchangeSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)  # rows per table

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _no_progress(_done: int, _total: int, _what: str) -> None:
    pass


# --- JSON ----------------------------------------------------------------------------------

TABLES: tuple[tuple[str, Any], ...] = (
    *((str(e.__tablename__), e) for e in ENTITIES),
    ("change", Change),
)
# Bookkeeping of this file on this machine, not part of the project: merge records name backup
# files on the merging computer ("Undo merge" must never restore them into an imported copy).
LOCAL_TABLES = frozenset({"merge_record"})


def _table(entity: Any) -> Table:
    return entity.__table__  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def project_document(*, session: Session, progress: Progress | None = None) -> dict[str, Any]:
    """The whole project as a JSON-ready dict (read in one transaction: a consistent snapshot)."""
    progress = progress or _no_progress
    tables: dict[str, list[dict[str, Any]]] = {}
    connection = session.connection()
    for n, (name, entity) in enumerate(TABLES):
        progress(n, len(TABLES), name)
        table = _table(entity)
        order = [table.c.replica_id, table.c.seq] if entity is Change else [table.c.created_at, table.c.id]
        rows = connection.execute(select(table).order_by(*order)).mappings()
        tables[name] = [{key: _plain(value) for key, value in row.items()} for row in rows]
    progress(len(TABLES), len(TABLES), "")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app": f"{APP_NAME} {__version__}",
        "schema_revision": schema.current_revision(connection),
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "exported_by": repo.author_of(session),
        "tables": tables,
    }


def export_json(*, session: Session, path: Path, progress: Progress | None = None) -> ExchangeSummary:
    """Write the whole project to `path` as JSON (UTF-8), atomically."""
    document = project_document(session=session, progress=progress)
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    _write_atomically(Path(path), data)
    return ExchangeSummary(Path(path), {k: len(v) for k, v in document["tables"].items()})


def _write_atomically(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        raise ExchangeError(f"The folder {path.parent} does not exist; choose another place.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.writing")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExchangeError(f"Could not write {path}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


# --- reading and checking a JSON document ------------------------------------------------


def _fields(entity: Any) -> list[str]:
    return [c.name for c in _table(entity).columns]


def read_document(source: Path) -> dict[str, Any]:
    """Load and check an exported project; any problem raises ExchangeError naming it."""
    source = Path(source)
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise ExchangeError(f"{source} does not exist; choose the JSON file you exported.") from None
    except OSError as exc:
        raise ExchangeError(f"Could not read {source}: {exc.strerror or exc}.") from None
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ExchangeError(
            f"{source.name} is not a JSON file{where}; choose a file made by File > Export > JSON."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(
            f'{source.name} is JSON but not a {APP_NAME} project export (no "format": "{FORMAT}"); '
            "choose a file made by File > Export > JSON."
        )
    version = document.get("format_version")
    if not isinstance(version, int):
        raise ExchangeError(
            f"{source.name} does not say which format version it uses; it cannot be imported."
        )
    if version > FORMAT_VERSION:
        raise ExchangeError(
            f"{source.name} was written by a newer {APP_NAME} ({document.get('app', 'unknown version')}, "
            f"format {version}); this version reads format {FORMAT_VERSION}. Update {APP_NAME} to import it."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise ExchangeError(f'{source.name} has no "tables" section; the file is incomplete.')
    unknown = sorted(set(tables) - {name for name, _ in TABLES})
    if unknown:
        raise ExchangeError(f"{source.name} has tables this version does not know: {', '.join(unknown)}.")
    return document


def _check_record(name: str, entity: Any, index: int, record: Any) -> dict[str, Any]:
    """One row, with its values converted to Python types; ExchangeError naming what is wrong."""
    where = f"{name} row {index + 1}"
    if not isinstance(record, dict):
        raise ExchangeError(f"{where} is not an object; the file is damaged.")
    if "id" in record:
        where += f" (id {record['id']})"
    expected = _fields(entity)
    missing = [f for f in expected if f not in record]
    if missing:
        raise ExchangeError(f"{where} lacks the field(s) {', '.join(missing)}; the file is incomplete.")
    extra = sorted(set(record) - set(expected))
    if extra:
        raise ExchangeError(f"{where} has field(s) this version does not know: {', '.join(extra)}.")
    row_type = ChangeRow if entity is Change else ROW_TYPES[entity]
    try:
        row = row_type.model_validate(record)
    except ValidationError as exc:
        error = exc.errors()[0]
        field_name = ".".join(str(p) for p in error["loc"])
        raise ExchangeError(
            f"{where}: {field_name} {error['msg'].lower()} (got {error.get('input')!r})."
        ) from None
    values = {f: getattr(row, f) for f in expected}
    for field_name, enum in repo.ENUM_FIELDS.get(entity, {}).items():
        value = values[field_name]
        if value is not None and value not in {m.value for m in enum}:
            allowed = ", ".join(m.value for m in enum)
            raise ExchangeError(
                f"{where}: {value!r} is not a valid {field_name} (expected one of: {allowed})."
            )
    return values


def check_document(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, checked: fields, types, vocabularies, unique ids, references."""
    tables = document["tables"]
    checked: dict[str, list[dict[str, Any]]] = {}
    for name, entity in TABLES:
        records = tables.get(name, [])
        if not isinstance(records, list):
            raise ExchangeError(f"The {name} table in the file is not a list of rows; the file is damaged.")
        checked[name] = [_check_record(name, entity, i, r) for i, r in enumerate(records)]
        ids = [r["id"] for r in checked[name]]
        if len(ids) != len(set(ids)):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise ExchangeError(
                f"The {name} table has the id {twice[0]} more than once; the file is damaged."
            )
    if len(checked["project"]) != 1:
        raise ExchangeError(
            f"The file describes {len(checked['project'])} projects instead of one; it cannot be imported."
        )
    ids = {name: {r["id"] for r in rows} for name, rows in checked.items()}
    for name, entity in TABLES:
        for fk in _table(entity).foreign_keys:
            column, target = fk.parent.name, fk.column.table.name
            for record in checked[name]:
                value = record[column]
                if value is not None and value not in ids[target]:
                    raise ExchangeError(
                        f"{name} {record['id']} refers to {target} {value}, which is not in the file "
                        "(a dangling reference); the file is incomplete or was edited by hand."
                    )
    return checked


# --- import ----------------------------------------------------------------------------------


def import_json(source: Path, target: Path, *, progress: Progress | None = None) -> ExchangeSummary:
    """Build a NEW project file `target` from an exported JSON file.

    Nothing is written unless everything succeeds: the file is built as a hidden temporary file
    beside `target` and renamed into place at the end. `target` must not exist.
    """
    progress = progress or _no_progress
    source, target = Path(source), Path(target).expanduser().absolute()
    if target.exists():
        raise ExchangeError(f"{target} already exists; import into a new file name.")
    if not target.parent.is_dir():
        raise ExchangeError(f"The folder {target.parent} does not exist; choose another place.")
    progress(0, 1, "Reading")
    checked = check_document(read_document(source))
    total = sum(len(rows) for rows in checked.values())
    tmp = target.with_name(f".{target.name}.{os.getpid()}.importing")
    engine = None
    try:
        tmp.unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(tmp)) as con:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        engine = make_engine(tmp)
        schema.upgrade(engine)
        with engine.begin() as connection:
            # References may point forward (appeals to later requests): check them at commit.
            connection.execute(text("PRAGMA defer_foreign_keys = ON"))
            # A larger page cache (64 MB) for this one connection: the search index's inserts
            # revisit the same pages; about a quarter faster on 100,000 notes.
            connection.execute(text("PRAGMA cache_size = -65536"))
            done = 0
            for name, entity in TABLES:
                progress(done, total, name)
                rows = checked[name]
                for start in range(0, len(rows), 500):
                    chunk = rows[start : start + 500]
                    if chunk:
                        connection.execute(insert(_table(entity)), chunk)
                    done += len(chunk)
                    progress(done, total, name)
            problems = connection.execute(text("PRAGMA foreign_key_check")).all()
            if problems:
                raise ExchangeError(
                    f"The imported rows do not fit together ({problems[0]}); nothing was written."
                )
        engine.dispose()
        engine = None
        _verify(tmp)
        if target.exists():
            raise ExchangeError(f"{target} appeared while importing; import into a new file name.")
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise ExchangeError(f"The import failed ({exc}); nothing was written.") from None
    except OSError as exc:
        raise ExchangeError(
            f"Could not write {target}: {exc.strerror or exc}; nothing was written."
        ) from None
    except Exception as exc:
        if isinstance(exc, QuaestioError):
            raise
        # IntegrityError and friends from SQLAlchemy: a unique rule broken by the file's rows.
        detail = str(getattr(exc, "orig", exc))
        if "UNIQUE" in detail or "FOREIGN KEY" in detail:
            raise ExchangeError(f"The file's rows conflict ({detail}); nothing was written.") from None
        raise
    finally:
        if engine is not None:
            engine.dispose()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    progress(total, total, "")
    return ExchangeSummary(target, {name: len(rows) for name, rows in checked.items()})


def _verify(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as con:
        (result,) = con.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise ExchangeError(
                f"The imported project failed its integrity check ({result}); nothing was written."
            )


# --- CSV ---------------------------------------------------------------------------------------

_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s().+-]*$))")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text_value = str(value)
    # A spreadsheet would run "=HYPERLINK(...)" from a collaborator's copy as a formula.
    return "'" + text_value if _FORMULA.match(text_value) else text_value


def _label(labels: dict[Any, str], value: str | None) -> str:
    """The label of a vocabulary value (StrEnum keys compare equal to their strings)."""
    return "" if value is None else labels.get(value, value)


PRIORITY_LABELS = {1: "High", 2: "Normal", 3: "Low"}


def _live(entity: Any) -> Any:
    return col(entity.deleted_at).is_(None)


def _references_by(session: Session, key: Any, join_on: Any | None = None) -> dict[str, list[str]]:
    statement = select(key, ArchivalReference.formatted).where(_live(ArchivalReference))
    if join_on is not None:
        statement = statement.join(ArchivalReference, join_on).where(_live(RequestItem))
        statement = statement.order_by(key, col(RequestItem.position))
    else:
        statement = statement.where(key.is_not(None)).order_by(key, col(ArchivalReference.created_at))
    found: dict[str, list[str]] = {}
    for owner, formatted in session.connection().execute(statement):
        found.setdefault(owner, []).append(formatted)
    return found


def csv_tables(*, session: Session) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The four spreadsheet tables: name -> (column headings, rows of values)."""
    connection = session.connection()
    questions = connection.execute(
        select(
            Question.id,
            Question.code,
            Question.title,
            Question.status,
            Question.priority,
            Question.tags,
            Question.text,
            Question.background,
            Question.answer_summary,
            Question.created_at,
            Question.updated_at,
        )
        .where(_live(Question))
        .order_by(col(Question.code), col(Question.created_at))
    ).all()
    q_rows = [
        [qid, code, title, status.capitalize(), PRIORITY_LABELS.get(prio, prio), tags, *rest]
        for qid, code, title, status, prio, tags, *rest in questions
    ]

    holding_refs = _references_by(session, ArchivalReference.holding_id)
    holdings = connection.execute(
        select(
            Holding.id,
            Question.code,
            Question.title,
            Archive.identifier,
            Archive.name,
            Archive.city,
            Archive.country,
            Holding.likelihood,
            Holding.rationale,
            Holding.expected,
        )
        .join(Question, Question.id == Holding.question_id)
        .join(Archive, Archive.id == Holding.archive_id)
        .where(_live(Holding), _live(Question))
        .order_by(col(Question.code), col(Archive.identifier), col(Holding.created_at))
    ).all()
    h_rows = [
        [*row[:7], str(row[7]).capitalize(), row[8], row[9], holding_refs.get(row[0], [])] for row in holdings
    ]

    items = _references_by(session, RequestItem.request_id, RequestItem.reference_id == ArchivalReference.id)
    tracking_rows = connection.execute(
        select(TrackingNumber.request_id, TrackingNumber.number)
        .where(_live(TrackingNumber), col(TrackingNumber.current).is_(True))
        .order_by(col(TrackingNumber.issued_on), col(TrackingNumber.created_at))
    ).all()
    tracking = {request_id: number for request_id, number in tracking_rows}
    requests = connection.execute(
        select(
            Request.id,
            Question.code,
            Archive.identifier,
            Archive.city,
            Request.kind,
            Request.language,
            Request.subject,
            Request.purpose,
            Request.status,
            Request.outcome,
            Request.outcome_note,
            Request.drafted_on,
            Request.sent_on,
            Request.registered_on,
            Request.acknowledged_on,
            Request.due_on,
            Request.due_override,
            Request.due_basis,
            Request.closed_on,
        )
        .join(Question, Question.id == Request.question_id)
        .join(Archive, Archive.id == Request.archive_id)
        .where(_live(Request), _live(Question))
        .order_by(col(Question.code), col(Request.created_at))
    ).all()
    r_rows = []
    for r in requests:
        (rid, qcode, archive, city, kind, language, subject, purpose, status, outcome, note, *dates) = r
        drafted, sent, registered, acknowledged, due_on, due_override, due_basis, closed = dates
        r_rows.append(
            [
                rid,
                qcode,
                archive,
                city,
                _label(REQUEST_KIND_LABELS, kind),
                LANGUAGES.get(language, language),
                subject,
                purpose,
                _label(STATUS_LABELS, status),
                _label(OUTCOME_LABELS, outcome),
                note,
                drafted,
                sent,
                registered,
                acknowledged,
                due_override or due_on,
                due_basis if not due_override else f"set by hand (computed: {_cell(due_on)})",
                closed,
                tracking.get(rid, ""),
                items.get(rid, []),
            ]
        )

    archives = connection.execute(
        select(
            Archive.id,
            Archive.identifier,
            Archive.name,
            Archive.name_original,
            Archive.other_names,
            Archive.city,
            Archive.country,
            Archive.address,
            Archive.email,
            Archive.website,
            Archive.contact_person,
            Archive.salutation,
            Archive.language,
            Archive.regime_code,
            Archive.access_conditions,
            Archive.notes,
        )
        .where(_live(Archive))
        .order_by(col(Archive.identifier), col(Archive.name))
    ).all()
    a_rows = [[*row[:12], LANGUAGES.get(row[12], row[12]), *row[13:]] for row in archives]

    return {
        "questions": (
            [
                "ID", "Code", "Title", "Status", "Priority", "Tags", "Question", "Background",
                "Answer summary", "Created", "Last changed",
            ],
            q_rows,
        ),
        "holdings": (
            [
                "ID", "Question code", "Question", "Archive", "Archive name", "City", "Country",
                "Likelihood", "Rationale", "Expected records", "Archival references",
            ],
            h_rows,
        ),
        "requests": (
            [
                "ID", "Question code", "Archive", "City", "Kind", "Language", "Subject", "Purpose",
                "Status", "Outcome", "Outcome note", "Drafted", "Sent", "Registered", "Acknowledged",
                "Due", "Due date basis", "Closed", "Tracking number", "Items",
            ],
            r_rows,
        ),
        "archives": (
            [
                "ID", "Identifier", "Name", "Name in original script", "Other names", "City", "Country",
                "Address", "E-mail", "Website", "Contact person", "Salutation", "Letter language",
                "Legal regime", "Access conditions", "Notes",
            ],
            a_rows,
        ),
    }  # fmt: skip


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One CSV file: UTF-8 with BOM (Excel needs it to read UTF-8), CRLF, every cell quoted as needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_csv(*, session: Session, path: Path, progress: Progress | None = None) -> ExchangeSummary:
    """Write questions.csv, holdings.csv, requests.csv and archives.csv into a folder (created if
    needed; exporting again into it refreshes the four files), or into one zip archive when
    `path` ends in .zip."""
    progress = progress or _no_progress
    path = Path(path)
    progress(0, len(CSV_TABLES) + 1, "Reading")
    tables = csv_tables(session=session)
    files = {f"{name}.csv": csv_bytes(*tables[name]) for name in CSV_TABLES}
    counts = {name: len(tables[name][1]) for name in CSV_TABLES}
    if path.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for n, (name, data) in enumerate(files.items(), start=1):
                archive.writestr(name, data)
                progress(n, len(files) + 1, name)
        _write_atomically(path, buffer.getvalue())
    else:
        if path.exists() and not path.is_dir():
            raise ExchangeError(f"{path} is a file; CSV export needs a folder (or a name ending in .zip).")
        if not path.parent.is_dir():
            raise ExchangeError(f"The folder {path.parent} does not exist; choose another place.")
        try:
            path.mkdir(exist_ok=True)
        except OSError as exc:
            raise ExchangeError(f"Could not create the folder {path}: {exc.strerror or exc}.") from None
        for n, (name, data) in enumerate(files.items(), start=1):
            _write_atomically(path / name, data)
            progress(n, len(files) + 1, name)
    progress(len(files) + 1, len(files) + 1, "")
    return ExchangeSummary(path, counts)
