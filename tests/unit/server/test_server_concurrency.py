"""Two people on one team server at the same moment: row locks plus version checks."""

from __future__ import annotations

import threading

import pytest

from desktop.store import repo
from desktop.store.errors import StaleEdit
from desktop.store.models import Note, Question
from desktop.store.project import Identity, open_project
from tests.unit.store.factories import make


def test_two_people_saving_the_same_note_at_the_same_moment_on_a_server(pg_project, identity):
    """Real concurrency: two connections, two threads, both saving a note loaded at version 1."""
    bob = Identity("Bob Archivist", "55555555-5555-4555-8555-555555555555")
    with open_project(pg_project, identity) as ana_project, open_project(pg_project, bob) as bob_project:
        question = make(ana_project, Question, code="Q1", title="Q")
        note = make(ana_project, Note, question_id=question.id, title="Draft", body="start")
        barrier = threading.Barrier(2)
        outcomes: dict[str, object] = {}

        def save(name, project, body):
            barrier.wait()
            try:
                project.write(repo.update, entity=Note, id=note.id, values={"body": body}, expected_version=1)
                outcomes[name] = "saved"
            except StaleEdit as exc:
                outcomes[name] = exc

        threads = [
            threading.Thread(target=save, args=("ana", ana_project, "Ana's body")),
            threading.Thread(target=save, args=("bob", bob_project, "Bob's body")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(str(type(v).__name__) if v != "saved" else "saved" for v in outcomes.values()) == [
            "StaleEdit",
            "saved",
        ]
        winner = next(name for name, v in outcomes.items() if v == "saved")
        loser = outcomes["bob" if winner == "ana" else "ana"]
        stored = ana_project.read(repo.get, entity=Note, id=note.id)
        assert stored.body == ("Ana's body" if winner == "ana" else "Bob's body") and stored.version == 2
        assert isinstance(loser, StaleEdit) and loser.theirs.body == stored.body


def test_two_windows_of_one_installation_writing_at_once_share_the_change_log(pg_project, identity):
    """One replica id, two connections: the change-log sequence numbers never collide."""
    with open_project(pg_project, identity) as first, open_project(pg_project, identity) as second:
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def write(project, name):
            barrier.wait()
            try:
                for n in range(25):
                    make(project, Question, code=f"{name}{n}", title=name)
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)

        threads = [
            threading.Thread(target=write, args=(p, name)) for p, name in ((first, "A"), (second, "B"))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        assert len(first.read(repo.list_rows, entity=Question)) == 50
        seqs = [
            c.seq
            for c in first.read(
                repo.history, row_ids=[q.id for q in first.read(repo.list_rows, entity=Question)]
            )
        ]
        assert len(seqs) == len(set(seqs)) == 50


def test_a_colleagues_fast_clock_does_not_hide_a_later_change(pg_project, identity, monkeypatch):
    """The version check finds what others changed from the change log, newest first: with each
    client's own clock, a write from a computer whose clock runs ahead sorted above a later one,
    and a stale edit overwrote that later change silently. The server's clock orders them."""
    from datetime import timedelta

    from desktop.store import repo as repo_module

    bob = Identity("Bob Archivist", "55555555-5555-4555-8555-555555555555")
    carol = Identity("Carol", "66666666-6666-4666-8666-666666666666")
    with (
        open_project(pg_project, identity) as ana_project,
        open_project(pg_project, bob) as bob_project,
        open_project(pg_project, carol) as carol_project,
    ):
        question = make(ana_project, Question, code="Q1", title="Q")
        note = make(ana_project, Note, question_id=question.id, title="Draft", body="start")
        real = repo_module.utcnow
        monkeypatch.setattr(repo_module, "utcnow", lambda: real() + timedelta(minutes=2))  # Bob's clock
        bob_project.write(repo.update, entity=Note, id=note.id, values={"body": "Bob's body"})
        monkeypatch.setattr(repo_module, "utcnow", real)
        seen = ana_project.read(repo.get, entity=Note, id=note.id).version  # Ana opens it now
        carol_project.write(repo.update, entity=Note, id=note.id, values={"title": "Carol's title"})
        with pytest.raises(StaleEdit) as failure:
            ana_project.write(
                repo.update, entity=Note, id=note.id, values={"title": "Ana's title"}, expected_version=seen
            )
        assert failure.value.theirs.title == "Carol's title"
        stored = ana_project.read(repo.get, entity=Note, id=note.id)
        assert (stored.title, stored.body) == ("Carol's title", "Bob's body")
