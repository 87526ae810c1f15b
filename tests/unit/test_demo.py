"""The demo project: the essay's questions, people, archives, sources, requests and notes."""

from __future__ import annotations

from collections import Counter

from desktop.demo import demo_data
from desktop.domain.lifecycle import RequestStatus
from desktop.store import queries, repo, requests, search
from desktop.store.health import check_project
from desktop.store.models import (
    ArchivalReference,
    Archive,
    Holding,
    Note,
    Person,
    Question,
    QuestionPerson,
    Request,
    Source,
)


def test_the_demo_has_the_essays_five_questions(demo):
    questions = {q.code: q for q in demo.read(repo.list_rows, entity=Question)}
    assert sorted(questions) == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    text = {code: (q.title + " " + q.text).lower() for code, q in questions.items()}
    assert "casualt" in text["Q1"]
    assert "komatsubara" in text["Q2"]
    assert "bogdanov" in text["Q3"]
    assert "biambaa" in text["Q4"]
    assert "tsuji" in text["Q5"] and "zhukov" in text["Q5"]
    assert all(q.status in {"open", "investigating", "answered"} for q in questions.values())


def test_people_carry_their_names_in_the_original_script(demo):
    people = {p.name_original for p in demo.read(repo.list_rows, entity=Person)}
    assert {"小松原道太郎", "辻政信"} <= people
    assert any(name.startswith("Хишигтийн Бямбаа") or name == "Бямбаа" for name in people) or any(
        "Бямбаа" in name for name in people
    )
    assert any("Богданов" in name for name in people)
    links = demo.read(repo.list_rows, entity=QuestionPerson)
    assert len({link.question_id for link in links}) == 5


def test_the_archives_the_essay_points_to(demo):
    archives = demo.read(repo.list_rows, entity=Archive)
    cities = Counter(a.city for a in archives)
    assert cities["Moscow"] >= 5 and cities["Tokyo"] >= 3 and cities["Ulaanbaatar"] >= 3
    assert cities["Podolsk"] >= 1 and cities["College Park"] >= 1
    by_language = {a.identifier: a.language for a in archives}
    assert by_language["RGVA"] == "ru" and by_language["TsAMO"] == "ru"
    assert any("防衛研究所戦史研究センター" in a.name_original for a in archives)
    assert {a.regime_code for a in archives} <= {
        "ru-archive-query",
        "jp-disclosure",
        "jp-archives-use",
        "mn-default",
        "us-foia",
        "us-mdr",
    }
    assert all(a.name_original and a.salutation for a in archives)


def test_holdings_carry_the_essays_reasoning(demo):
    archives = {a.id: a for a in demo.read(repo.list_rows, entity=Archive)}
    questions = {q.id: q for q in demo.read(repo.list_rows, entity=Question)}
    holdings = demo.read(repo.list_rows, entity=Holding)
    komatsubara_in_ub = [
        h
        for h in holdings
        if questions[h.question_id].code == "Q2" and archives[h.archive_id].city == "Ulaanbaatar"
    ]
    assert komatsubara_in_ub and all(h.likelihood == "unlikely" for h in komatsubara_in_ub)
    assert any("Stalin" in h.rationale for h in komatsubara_in_ub)
    references = demo.read(repo.list_rows, entity=ArchivalReference)
    tsuji = [r for r in references if r.parts.get("rg") == "263"]
    assert tsuji and tsuji[0].parts.get("box") == "130"


def test_the_footnotes_sources_are_there(demo):
    citations = " ".join(s.citation for s in demo.read(repo.list_rows, entity=Source))
    for author in ("Krivosheev", "Poppe", "Coox", "Kirichenko", "Datsyshen"):
        assert author in citations
    assert "RG 263" in citations


def test_requests_in_varied_statuses_with_timelines(demo):
    rows = demo.read(repo.list_rows, entity=Request)
    assert len(rows) >= 8
    statuses = Counter(r.status for r in rows)
    assert len(statuses) >= 5 and statuses["draft"] >= 1 and statuses["closed"] >= 1
    assert all(RequestStatus(r.status) for r in rows)
    for row in rows:
        events = demo.read(requests.timeline, request_id=row.id)
        if row.status != "draft":
            assert events and events[-1].to_status == row.status
    assert {r.language for r in rows} >= {"ru", "ja", "mn", "en"}


def test_every_question_has_a_note(demo):
    notes = demo.read(repo.list_rows, entity=Note)
    assert {n.question_id for n in notes} == {q.id for q in demo.read(repo.list_rows, entity=Question)}
    assert all(n.body.strip() for n in notes)


def test_summaries_search_and_health_on_the_demo(demo, demo_path):
    summaries = {s.code: s for s in demo.read(queries.question_summaries)}
    assert "Moscow" in summaries["Q2"].cities
    assert sum(s.requests for s in summaries.values()) == len(demo.read(repo.list_rows, entity=Request))
    assert demo.read(search.search, query="Komatsubara")
    assert demo.read(search.search, query="戦史")  # two Japanese characters: substring search
    demo.close()
    assert check_project(demo_path).healthy


def test_the_demo_data_file_is_self_consistent():
    data = demo_data()
    archive_keys = {a["key"] for a in data["archives"]}
    for question in data["questions"]:
        assert {h["archive"] for h in question["holdings"]} <= archive_keys
        assert {r["archive"] for r in question["requests"]} <= archive_keys
