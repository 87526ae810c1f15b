"""Minimal valid values for each entity, creating whatever rows they refer to."""

from __future__ import annotations

from typing import Any

from desktop.store import repo
from desktop.store.models import (
    ArchivalReference,
    Archive,
    Attachment,
    Communication,
    Holding,
    LegalRegime,
    LetterTemplate,
    Note,
    Person,
    Question,
    QuestionPerson,
    QuestionSource,
    Request,
    RequestEvent,
    RequestItem,
    Source,
    Stamps,
    TrackingNumber,
)
from desktop.store.project import Project


def make(project: Project, entity: type[Stamps], **overrides: Any) -> Any:
    values = values_for(project, entity, given=overrides)
    values.update(overrides)
    return project.write(repo.create, entity=entity, values=values).row


def values_for(project: Project, entity: type[Stamps], given: dict[str, Any] | None = None) -> dict[str, Any]:
    """Default values; referenced rows are created only when `given` does not name them."""
    given = given or {}

    def ref(target: type[Stamps], field: str) -> str:
        return given[field] if field in given else make(project, target).id

    if entity is Question:
        return {"code": "Q9", "title": "Who ordered the crossing?", "tags": ["orders"]}
    if entity is Archive:
        return {
            "identifier": "RGVA",
            "name": "Russian State Military Archive",
            "city": "Moscow",
            "country": "RU",
            "language": "ru",
            "regime_code": "ru-archive-query",
        }
    if entity is Person:
        return {"name": "Tsuji Masanobu", "name_original": "辻政信"}
    if entity is Source:
        return {"citation": "Coox, Nomonhan (1985)", "year": 1985}
    if entity is LegalRegime:
        return {"code": "xx-test", "name": "Test regime", "initial_days": 10}
    if entity is LetterTemplate:
        return {"kind": "copies", "language": "ja", "body": "{{ archive.name }}"}
    if entity is QuestionPerson:
        return {"question_id": ref(Question, "question_id"), "person_id": ref(Person, "person_id")}
    if entity is QuestionSource:
        return {
            "question_id": ref(Question, "question_id"),
            "source_id": ref(Source, "source_id"),
            "pages": "982",
        }
    if entity is Holding:
        return {
            "question_id": ref(Question, "question_id"),
            "archive_id": ref(Archive, "archive_id"),
            "likelihood": "high",
        }
    if entity is ArchivalReference:
        return {
            "archive_id": ref(Archive, "archive_id"),
            "style": "ru",
            "parts": {"fond": "37977", "opis": "1"},
        }
    if entity is Note:
        return {
            "question_id": ref(Question, "question_id"),
            "title": "Poppe",
            "body": "*Reminiscences*, p. 143",
        }
    if entity is Request:
        return {
            "question_id": ref(Question, "question_id"),
            "archive_id": ref(Archive, "archive_id"),
            "kind": "archival_query",
            "language": "ru",
        }
    if entity is RequestItem:
        return {
            "request_id": ref(Request, "request_id"),
            "reference_id": ref(ArchivalReference, "reference_id"),
        }
    if entity is TrackingNumber:
        return {"request_id": ref(Request, "request_id"), "number": "2026/14-3", "issued_by": "RGVA"}
    if entity is Communication:
        return {
            "request_id": ref(Request, "request_id"),
            "direction": "out",
            "channel": "email",
            "body": "Уважаемый…",
        }
    if entity is Attachment:
        return {
            "communication_id": ref(Communication, "communication_id"),
            "file_name": "reply.pdf",
            "sha256": "0" * 64,
        }
    if entity is RequestEvent:
        return {"request_id": ref(Request, "request_id"), "to_status": "draft", "occurred_on": "2026-11-01"}
    raise AssertionError(f"no factory for {entity.__name__}")
