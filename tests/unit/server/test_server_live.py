"""Live changes and presence: what one person saves, the other sees, without polling."""

from __future__ import annotations

import queue

from desktop.store import repo
from desktop.store.changes import Changes
from desktop.store.models import Note, Question
from desktop.store.project import Identity, open_project
from desktop.store.server.live import LiveFeed
from desktop.store.server.presence import connected_people
from tests.unit.store.factories import make

BOB = Identity("Bob Archivist", "55555555-5555-4555-8555-555555555555")
WAIT_S = 10  # an upper bound for a slow machine; a notification normally arrives in milliseconds


def _feed(project, received, lost):
    feed = LiveFeed.for_project(project, on_changes=received.put, on_lost=lost.put)
    feed.start()
    assert feed.listening.wait(WAIT_S)
    return feed


def test_a_second_client_sees_the_first_ones_changes_but_not_its_own(pg_project, identity):
    received: queue.Queue[Changes] = queue.Queue()
    lost: queue.Queue[str] = queue.Queue()
    with open_project(pg_project, identity) as ana, open_project(pg_project, BOB) as bob:
        feed = _feed(bob, received, lost)
        try:
            question = make(ana, Question, code="Q1", title="Who gave the order?")
            changes = received.get(timeout=WAIT_S)
            assert changes.touches("question") and question.id in changes.row_ids
            ana.write(repo.update, entity=Question, id=question.id, values={"title": "Кто отдал приказ?"})
            assert question.id in received.get(timeout=WAIT_S).row_ids
            assert bob.read(repo.get, entity=Question, id=question.id).title == "Кто отдал приказ?"
            # Bob's own write is announced by his project, not echoed by the feed
            bob.write(repo.create, entity=Note, values={"question_id": question.id, "title": "mine"})
            note = make(ana, Note, question_id=question.id, title="Ana's note")
            assert received.get(timeout=WAIT_S) == Changes.of("note", note.id)
        finally:
            feed.stop()
    assert lost.empty()


def test_changes_made_outside_quaestio_are_seen_too(pg_server, pg_project, identity):
    received: queue.Queue[Changes] = queue.Queue()
    with open_project(pg_project, identity) as ana:
        feed = _feed(ana, received, queue.Queue())
        try:
            pg_server.admin("UPDATE legal_regime SET notes = 'edited with psql'", pg_project.database)
            changes = received.get(timeout=WAIT_S)
            assert changes.tables == frozenset({"legal_regime"}) and len(changes.row_ids) == 6
        finally:
            feed.stop()


def test_presence_lists_who_is_connected_by_name(pg_project, identity):
    with open_project(pg_project, identity) as ana, open_project(pg_project, BOB) as bob:
        ana.read(repo.list_rows, entity=Question)  # hold a pooled connection each
        bob.read(repo.list_rows, entity=Question)
        people = ana.read(connected_people)
        assert [p.author for p in people] == ["Ana Historian", "Bob Archivist"]
        assert all(p.client == "local" and p.since is not None for p in people)
    with open_project(pg_project, identity) as ana:
        assert [p.author for p in ana.read(connected_people)] == ["Ana Historian"]


def test_two_windows_of_one_installation_see_each_other(pg_project, identity):
    """Same author and replica id (one config), two open projects: each still sees the other."""
    received: queue.Queue[Changes] = queue.Queue()
    with open_project(pg_project, identity) as first, open_project(pg_project, identity) as second:
        feed = _feed(second, received, queue.Queue())
        try:
            question = make(first, Question, code="Q1", title="from the first window")
            assert question.id in received.get(timeout=WAIT_S).row_ids
        finally:
            feed.stop()
