"""The issue's acceptance story: two historians each work a week on a copy of the demo project,
swap files by e-mail, merge, and lose nothing."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from desktop.store import health, merge, repo, requests
from desktop.store.models import Archive, Holding, Note, Question, Request, TrackingNumber
from desktop.store.project import Identity, Project, open_project
from tests.unit.store.merging import ANA, BOB, content_of, two_copies

Edit = tuple[str, str, str, Any]  # (table, row id, field, value someone set)


def _q(p: Project, code: str) -> Any:
    return next(q for q in p.read(repo.list_rows, entity=Question) if q.code == code)


def _requests(p: Project, status: str) -> list[Any]:
    return sorted(
        (r for r in p.read(repo.list_rows, entity=Request) if r.status == status), key=lambda r: r.id
    )


def _set(p: Project, edits: list[Edit], entity: Any, row_id: str, **values: Any) -> None:
    p.write(repo.update, entity=entity, id=row_id, values=values)
    edits.extend((str(entity.__tablename__), row_id, k, v) for k, v in values.items())


def ana_week(p: Project, edits: list[Edit]) -> dict[str, str]:
    made = {}
    _set(p, edits, Question, _q(p, "Q2").id, answer_summary="Файл Комацубары в ЦА ФСБ засекречен")
    _set(p, edits, Question, _q(p, "Q5").id, status="parked")
    _set(p, edits, Question, _q(p, "Q4").id, tags=["Biambaa", "1938", "провокация"])
    draft = _requests(p, "draft")[0]
    p.write(requests.change_status, request_id=draft.id, to_status="sent", on=date(2026, 11, 23))
    sent = _requests(p, "sent")[0]
    p.write(requests.change_status, request_id=sent.id, to_status="acknowledged", on=date(2026, 11, 24))
    made["both_status"] = sent.id
    mna = p.write(
        repo.create,
        entity=Archive,
        values={
            "identifier": "MNA",
            "name": "National Archives of Mongolia",
            "name_original": "Үндэсний архив",
            "city": "Ulaanbaatar",
            "country": "MN",
            "language": "mn",
        },
    ).row
    made["holding"] = p.write(
        repo.create,
        entity=Holding,
        values={
            "question_id": _q(p, "Q3").id,
            "archive_id": mna.id,
            "likelihood": "high",
            "rationale": "Maps",
        },
    ).row.id
    p.write(repo.create, entity=TrackingNumber, values={"request_id": draft.id, "number": "№ 14-3/2026"})
    rgva = next(a for a in p.read(repo.list_rows, entity=Archive) if a.identifier == "RGVA")
    _set(p, edits, Archive, rgva.id, email="rgva@rusarchives.ru")
    note = p.read(repo.list_rows, entity=Note, where={"question_id": _q(p, "Q1").id})[0]
    p.write(repo.soft_delete, entity=Note, id=note.id)
    made["deleted_note"] = note.id
    made["shared_note"] = p.read(repo.list_rows, entity=Note, where={"question_id": _q(p, "Q3").id})[0].id
    _set(p, edits, Note, made["shared_note"], body="Ана: карты 1939 г. в ЦГАСА")
    return made


def bob_week(p: Project, edits: list[Edit], made: dict[str, str]) -> None:
    _set(p, edits, Question, _q(p, "Q2").id, answer_summary="小松原の日記は防衛研究所にある")
    _set(p, edits, Question, _q(p, "Q4").id, title="Biambaa's defection, August 1938")
    q6 = p.write(repo.create, entity=Question, values={"code": "Q6", "title": "Жуков и Чойбалсан"}).row
    p.write(
        repo.create, entity=Note, values={"question_id": q6.id, "title": "Мэдээ", "body": "Үндэсний архив"}
    )
    p.write(
        requests.change_status,
        request_id=made["both_status"],
        to_status="closed",
        outcome="withdrawn",
        on=date(2026, 11, 25),
    )
    _set(p, edits, Note, made["deleted_note"], body="Bob's additions to the casualty note")
    _set(p, edits, Note, made["shared_note"], body="Bob: maps in the Mongolian archive")
    _set(p, edits, Question, _q(p, "Q1").id, priority=1)


def test_a_week_of_work_on_two_copies_swapped_by_email_loses_nothing(
    tmp_path: Path, demo_template: Path, paths
):
    ana, bob = two_copies(demo_template, tmp_path)
    ana_edits: list[Edit] = []
    bob_edits: list[Edit] = []
    with open_project(ana, ANA) as p:
        made = ana_week(p, ana_edits)
    with open_project(bob, BOB) as p:
        bob_week(p, bob_edits, made)

    # they e-mail each other their copies ...
    inbox_ana, inbox_bob = tmp_path / "ana inbox", tmp_path / "bob inbox"
    inbox_ana.mkdir()
    inbox_bob.mkdir()
    shutil.copyfile(bob, inbox_ana / "from Bob.quaestio")
    shutil.copyfile(ana, inbox_bob / "from Ana.quaestio")
    # ... and merge: Ana keeps her side of each conflict, Bob takes Ana's (they agreed on the phone)
    with open_project(ana, ANA) as p:
        ana_report = merge.merge_file(
            p, inbox_ana / "from Bob.quaestio", backups_dir=paths.backups_dir, prefer="mine"
        )
    with open_project(bob, BOB) as p:
        bob_report = merge.merge_file(
            p, inbox_bob / "from Ana.quaestio", backups_dir=paths.backups_dir, prefer="theirs"
        )
    # Both merged at the same time, so each copy holds what the other did with the conflicts:
    # one more exchange each way settles it, with nothing left to decide.
    for mine, identity, sender in ((ana, ANA, bob), (bob, BOB, ana)):
        received = mine.parent / f"latest from {sender.stem}.quaestio"
        shutil.copyfile(sender, received)
        with open_project(mine, identity) as p, merge.prepared(p, received) as (_i, plan):
            assert plan.decisions == []
            merge.merge_into(p, plan, backups_dir=paths.backups_dir)

    a, b = content_of(ana), content_of(bob)
    assert a == b
    assert health.check_project(ana).healthy and health.check_project(bob).healthy

    conflicts = {
        (rc.conflict.table, rc.conflict.row_id, rc.conflict.field): rc.conflict for rc in ana_report.conflicts
    }
    assert set(conflicts) == {
        ("question", _id_of(a, "question", "Q2"), "answer_summary"),
        ("request", made["both_status"], "status"),
        ("note", made["shared_note"], "body"),
    }
    notes = [v for (t, _), v in a.items() if t == "note"]
    for table, row_id, name, value in ana_edits + bob_edits:
        final = a[(table, row_id)][name]
        listed = conflicts.get((table, row_id, name))
        kept_as_copy = table == "note" and name == "body" and any(n["body"] == value for n in notes)
        assert (
            final == value or kept_as_copy or (listed is not None and value in (listed.mine, listed.theirs))
        ), f"{table}.{name} = {value!r} was lost"
    # the note Ana deleted and Bob edited is back, with Bob's text
    assert not a[("note", made["deleted_note"])]["in_trash"]
    assert a[("note", made["deleted_note"])]["body"] == "Bob's additions to the casualty note"
    # the request both moved on: Ana's "acknowledged" won, and the outcome went with it
    request = a[("request", made["both_status"])]
    assert (request["status"], request["outcome"], request["closed_on"]) == ("acknowledged", None, None)
    # additions from both sides, and Bob's timeline events for the request are all there
    assert {"Q6"} <= {v["code"] for (t, _), v in a.items() if t == "question"}
    assert ("holding", made["holding"]) in a
    events = [v for (t, _), v in a.items() if t == "request_event" and v["request_id"] == made["both_status"]]
    assert {e["to_status"] for e in events} >= {"acknowledged", "closed"}
    assert bob_report.count("added") >= 3


def _id_of(rows: dict, table: str, code: str) -> str:
    return next(rid for (t, rid), v in rows.items() if t == table and v.get("code") == code)


def test_a_request_closed_on_one_side_and_moved_on_on_the_other_follows_the_chosen_side(
    tmp_path: Path, demo_template: Path, paths
):
    for prefer, expected in (("mine", ("acknowledged", None)), ("theirs", ("closed", "withdrawn"))):
        folder = tmp_path / prefer
        folder.mkdir()
        ana, bob = two_copies(demo_template, folder)
        with open_project(ana, ANA) as p:
            sent = _requests(p, "sent")[0]
            p.write(
                requests.change_status, request_id=sent.id, to_status="acknowledged", on=date(2026, 11, 24)
            )
        with open_project(bob, Identity("Bob Archivist", BOB.replica_id)) as p:
            p.write(
                requests.change_status,
                request_id=sent.id,
                to_status="closed",
                outcome="withdrawn",
                on=date(2026, 11, 25),
            )
        with open_project(ana, ANA) as p:
            report = merge.merge_file(p, bob, backups_dir=paths.backups_dir, prefer=prefer)
            merged = p.read(repo.get, entity=Request, id=sent.id)
        assert [rc.conflict.field for rc in report.conflicts] == ["status"]
        assert (merged.status, merged.outcome) == expected
        assert (merged.closed_on is not None) == (prefer == "theirs")
        assert health.check_project(ana).healthy
