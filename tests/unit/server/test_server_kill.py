"""The server dies in the middle of a unit of work (pg_ctl stop -m immediate, like a crash):
the client is told, the half-done work is gone, everything committed before is still there,
and the same open project works again once the server is back."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from desktop.store import repo
from desktop.store.errors import ServerUnavailable
from desktop.store.models import Question
from desktop.store.project import open_project
from desktop.store.server.copy import copy_project
from desktop.store.server.live import LiveFeed
from tests.pg import PgCluster
from tests.unit.store.factories import make

WAIT_S = 30


@pytest.fixture
def crash_cluster() -> Iterator[PgCluster]:
    """A cluster of its own: killing it must not disturb the other tests' server."""
    cluster = PgCluster()
    cluster.start()
    yield cluster
    cluster.remove()


def test_a_server_killed_mid_transaction_loses_only_the_unfinished_work(
    crash_cluster, empty_template, identity
):
    address = crash_cluster.address(crash_cluster.new_database())
    copy_project(empty_template, address, identity=identity)
    in_transaction, go_on = threading.Event(), threading.Event()
    outcome: queue.Queue[BaseException | str] = queue.Queue()
    lost: queue.Queue[str] = queue.Queue()
    back = threading.Event()

    def half_done_unit_of_work(*, session):
        with repo.batch(session):
            for n in range(3):
                repo.create(session=session, entity=Question, values={"code": f"H{n}", "title": "half"})
            in_transaction.set()
            go_on.wait(WAIT_S)
            repo.create(session=session, entity=Question, values={"code": "H3", "title": "half"})

    def run() -> None:
        try:
            project.write(half_done_unit_of_work)
            outcome.put("committed")
        except BaseException as exc:  # the test inspects whatever came out
            outcome.put(exc)

    with open_project(address, identity) as project:
        committed = [make(project, Question, code=f"Q{n}", title=f"saved {n}").id for n in range(5)]
        feed = LiveFeed.for_project(project, on_changes=lambda _c: None, on_lost=lost.put, on_back=back.set)
        feed.start()
        assert feed.listening.wait(WAIT_S)
        try:
            worker = threading.Thread(target=run)
            worker.start()
            assert in_transaction.wait(WAIT_S)
            crash_cluster.kill()
            go_on.set()
            worker.join(WAIT_S)
            error = outcome.get(timeout=WAIT_S)
            assert isinstance(error, ServerUnavailable), error
            assert "connection to the team server" in str(error) and "nothing saved before is lost" in str(
                error
            )
            assert "server" in lost.get(timeout=WAIT_S)  # the live feed noticed too

            with pytest.raises(ServerUnavailable):  # still down: a clear error, not a hang
                project.read(repo.list_rows, entity=Question)

            crash_cluster.start()
            assert back.wait(WAIT_S)  # the feed reconnected by itself
            titles = {q.id: q.title for q in project.read(repo.list_rows, entity=Question)}
            assert sorted(titles) == sorted(committed)  # all earlier commits, nothing of the half-done work
            # the same open project carries on
            make(project, Question, code="Q9", title="after the crash")
            assert len(project.read(repo.list_rows, entity=Question)) == 6
        finally:
            feed.stop()
