"""Another person's transaction in the way (lock timeout, serialization failure, deadlock) is not a
lost connection: its own message, and a write is run again instead of being reported as offline."""

from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy import text

from desktop.store import repo, workspace
from desktop.store.errors import ServerBusy, ServerUnavailable
from desktop.store.models import Question
from desktop.store.project import open_project
from desktop.store.server.connection import is_connection_error, translated


def connect(address):
    return psycopg.connect(host=address.host, port=address.port, user=address.user, dbname=address.database)


def a_question(address, identity) -> str:
    with open_project(address, identity) as project:
        return project.read(repo.list_rows, entity=Question)[0].id


def test_lock_timeout_serialization_failure_and_deadlock_are_not_connection_errors(pg_demo, identity):
    q = a_question(pg_demo, identity)
    with connect(pg_demo) as holder, connect(pg_demo) as other:
        holder.execute("SELECT 1 FROM question WHERE id = %s FOR UPDATE", (q,))
        with pytest.raises(psycopg.OperationalError) as lock:
            other.execute("SELECT 1 FROM question WHERE id = %s FOR UPDATE NOWAIT", (q,))
        other.rollback()
        holder.rollback()
        assert lock.value.sqlstate == "55P03"

        other.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        other.execute("SELECT title FROM question WHERE id = %s", (q,))
        holder.execute("UPDATE question SET title = title || '.' WHERE id = %s", (q,))
        holder.commit()
        with pytest.raises(psycopg.OperationalError) as serial:
            other.execute("UPDATE question SET title = 'x' WHERE id = %s", (q,))
        other.rollback()
        assert serial.value.sqlstate == "40001"

    deadlock = _deadlock(pg_demo)
    assert deadlock.sqlstate == "40P01"
    for error in (lock.value, serial.value, deadlock):
        assert not is_connection_error(error)
        with pytest.raises(ServerBusy) as said, translated(pg_demo):
            raise error
        message = str(said.value)
        assert "Another person's save" in message and "try again" in message
        assert "Cannot reach" not in message and not isinstance(said.value, ServerUnavailable)


def _deadlock(address) -> psycopg.Error:
    """Two transactions locking two rows in opposite order: PostgreSQL cancels one of them."""
    with connect(address) as setup:
        ids = [row[0] for row in setup.execute("SELECT id FROM question ORDER BY id LIMIT 2")]
    both_locked = threading.Barrier(2, timeout=30)
    errors: list[psycopg.Error] = []

    def worker(first: str, second: str) -> None:
        with connect(address) as con:
            try:
                con.execute("SELECT 1 FROM question WHERE id = %s FOR UPDATE", (first,))
                both_locked.wait()
                con.execute("SELECT 1 FROM question WHERE id = %s FOR UPDATE", (second,))
            except psycopg.Error as exc:
                errors.append(exc)
            con.rollback()

    threads = [threading.Thread(target=worker, args=order) for order in (ids, ids[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(errors) == 1
    return errors[0]


def test_a_write_another_transaction_was_in_the_way_of_is_run_again(pg_demo, identity):
    q = a_question(pg_demo, identity)
    attempts: list[int] = []
    release_on = [2]  # the attempt at which the other person's transaction ends
    with connect(pg_demo) as holder, open_project(pg_demo, identity) as project:
        holder.execute("SELECT 1 FROM question WHERE id = %s FOR UPDATE", (q,))

        def rename(*, session, title: str):
            attempts.append(1)
            if len(attempts) == release_on[0]:
                holder.rollback()  # the other person's transaction ends
            session.execute(text("SELECT 1 FROM question WHERE id = :id FOR UPDATE NOWAIT"), {"id": q})
            return workspace.update_fields(session=session, table="question", id=q, values={"title": title})

        project.write(rename, title="Saved on the second try")
        assert len(attempts) == 2
        assert project.read(repo.get, entity=Question, id=q).title == "Saved on the second try"

        holder.execute("SELECT 1 FROM question WHERE id = %s FOR UPDATE", (q,))  # and never ends
        attempts.clear()
        release_on[0] = 0
        with pytest.raises(ServerBusy, match="try again"):
            project.write(rename, title="never")
        assert len(attempts) == 3
        holder.rollback()
        assert project.read(repo.get, entity=Question, id=q).title == "Saved on the second try"
