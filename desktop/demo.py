"""The demo project: Kuromiya's "New Questions on the Battle of Khalkhin Gol (Nomonhan)" as a
Quaestio project, loaded from `resources/demo/khalkhin-gol.json` through the repository functions
(so it is stamped, logged and validated like anything a user types)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop.resources import resource_path
from desktop.store import repo, requests
from desktop.store.errors import QuaestioError
from desktop.store.models import (
    ArchivalReference,
    Archive,
    Communication,
    Holding,
    Note,
    Person,
    Question,
    QuestionPerson,
    QuestionSource,
    Request,
    RequestItem,
    Source,
    TrackingNumber,
)
from desktop.store.models import Project as ProjectTable
from desktop.store.project import Identity, Project, create_project

DEMO_FORMAT = "quaestio-demo/1"
DEMO_AUTHOR = "Demo"


def demo_data() -> dict[str, Any]:
    data = json.loads(resource_path("demo", "khalkhin-gol.json").read_text(encoding="utf-8"))
    if data.get("format") != DEMO_FORMAT:
        raise QuaestioError(f"The demo data is not in the {DEMO_FORMAT} format.")
    return data


def create_demo_project(path: Path, identity: Identity) -> Project:
    """Create `path` and fill it with the demo project."""
    data = demo_data()
    project = create_project(path, identity, title=data["project"]["title"])
    try:
        with project.session() as session:
            load_demo(session, data)
    except BaseException:
        project.close()
        path.unlink(missing_ok=True)
        raise
    return project


def _as_author(session: Session, author: str | None) -> None:
    session.info["author"] = author or session.info.get("default_author", DEMO_AUTHOR)


def load_demo(session: Session, data: dict[str, Any]) -> None:
    """Load demo data into an empty project, in one transaction."""
    session.info["default_author"] = session.info.get("author", DEMO_AUTHOR)
    with repo.batch(session):
        (project_row,) = repo.list_rows(session=session, entity=ProjectTable)
        repo.update(
            session=session,
            entity=ProjectTable,
            id=project_row.id,
            values={"title": data["project"]["title"], "description": data["project"]["description"]},
        )
        people = {p.pop("key"): _create(session, Person, p) for p in _copies(data["people"])}
        archives = {}
        for item in _copies(data["archives"]):
            key = item.pop("key")
            item["regime_code"] = item.pop("regime")
            archives[key] = _create(session, Archive, item)
        sources = {s.pop("key"): _create(session, Source, s) for s in _copies(data["sources"])}
        for question in data["questions"]:
            _load_question(session, question, people, archives, sources)
    session.info["author"] = session.info["default_author"]


def _copies(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(item) for item in items]


def _create(session: Session, entity: type, values: dict[str, Any]) -> str:
    return repo.create(session=session, entity=entity, values=values).row.id


def _load_question(
    session: Session,
    data: dict[str, Any],
    people: dict[str, str],
    archives: dict[str, str],
    sources: dict[str, str],
) -> None:
    fields = ("code", "title", "text", "background", "status", "priority", "tags", "answer_summary")
    question_id = _create(session, Question, {k: data[k] for k in fields})
    for key in data["people"]:
        _create(session, QuestionPerson, {"question_id": question_id, "person_id": people[key]})
    for link in data["sources"]:
        _create(
            session,
            QuestionSource,
            {
                "question_id": question_id,
                "source_id": sources[link["source"]],
                "pages": link.get("pages", ""),
                "note": link.get("note", ""),
            },
        )
    references: dict[str, str] = {}
    for holding in data["holdings"]:
        archive_id = archives[holding["archive"]]
        holding_id = _create(
            session,
            Holding,
            {
                "question_id": question_id,
                "archive_id": archive_id,
                "likelihood": holding["likelihood"],
                "rationale": holding["rationale"],
                "expected": holding["expected"],
            },
        )
        for ref in holding["references"]:
            references[ref["key"]] = _create(
                session,
                ArchivalReference,
                {
                    "archive_id": archive_id,
                    "holding_id": holding_id,
                    "style": ref["style"],
                    "parts": ref["parts"],
                    "title": ref["title"],
                    "dates": ref["dates"],
                    "access": ref["access"],
                },
            )
    for note in data["notes"]:
        _as_author(session, note.get("author"))
        _create(session, Note, {"question_id": question_id, "title": note["title"], "body": note["body"]})
        _as_author(session, None)
    for request in data["requests"]:
        _load_request(session, request, question_id, archives, references)


def _load_request(
    session: Session,
    data: dict[str, Any],
    question_id: str,
    archives: dict[str, str],
    references: dict[str, str],
) -> None:
    events = data["events"]
    request_id = _create(
        session,
        Request,
        {
            "question_id": question_id,
            "archive_id": archives[data["archive"]],
            "kind": data["kind"],
            "language": data["language"],
            "subject": data["subject"],
            "purpose": data["purpose"],
            "date_from": data.get("date_from") or None,
            "date_to": data.get("date_to") or None,
            "drafted_on": events[0]["date"] if events else None,
        },
    )
    for position, key in enumerate(data["items"]):
        _create(
            session,
            RequestItem,
            {"request_id": request_id, "reference_id": references[key], "position": position},
        )
    for index, event in enumerate(events):
        closing = event["to"] == "closed"
        final = index == len(events) - 1
        requests.change_status(
            session=session,
            request_id=request_id,
            to_status=event["to"],
            on=date.fromisoformat(event["date"]),
            note=event.get("note", ""),
            # a request closed and then appealed names its first outcome on that event
            outcome=(event.get("outcome") or (data["outcome"] if final else None)) if closing else None,
            outcome_note=data.get("outcome_note") if closing and final else None,
            registered_on=date.fromisoformat(event["registered"]) if event.get("registered") else None,
            due_notified=date.fromisoformat(event["due"]) if event.get("due") else None,
        )
    for number in data["tracking_numbers"]:
        _create(
            session,
            TrackingNumber,
            {
                "request_id": request_id,
                "number": number["number"],
                "issued_by": number["issued_by"],
                "reason": number["reason"],
                "issued_on": number.get("date") or None,
            },
        )
    for letter in data["communications"]:
        _create(
            session,
            Communication,
            {
                "request_id": request_id,
                "direction": letter["direction"],
                "channel": letter["channel"],
                "dated_on": letter["date"],
                "subject": letter["subject"],
                "body": letter["body"],
                "language": letter["language"],
                "category": letter["category"],
            },
        )
