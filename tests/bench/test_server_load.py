"""Load on a team server: 10 simulated clients editing the same project for 60 seconds.

Each client is a thread with its own open project (own connections, own author and replica
id) on the loopback port, doing what an edit does: read a row, change it (a counter and a
title of its own), save with the version it read. The rows are few (5 questions), so clients
collide often: a StaleEdit is counted, the client re-reads and tries again, as a person would
after the conflict dialog. Every acknowledged save adds 1 to a question's `priority`, so at the
end each question's counter must equal the saves acknowledged for it: zero lost updates.
QUAESTIO_LOAD_SECONDS shortens the run while developing.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time

from desktop.store import repo
from desktop.store.errors import StaleEdit
from desktop.store.models import Question
from desktop.store.project import Identity, open_project
from tests.bench.results import record
from tests.pg import PASSWORD
from tests.unit.store.factories import make

CLIENTS = 10
ROWS = 5
SECONDS = float(os.environ.get("QUAESTIO_LOAD_SECONDS", "60"))


def test_ten_clients_editing_for_a_minute_lose_no_update(pg_server, pg_project):
    address = pg_server.address(pg_project.database, tcp=True)
    setup = Identity("Setup", "66666666-6666-4666-8666-666666666666")
    with open_project(address, setup, password=PASSWORD) as project:
        ids = [make(project, Question, code=f"Q{n}", title=f"Row {n}", priority=0).id for n in range(ROWS)]

    stop = threading.Event()
    start = threading.Barrier(CLIENTS + 1)
    lock = threading.Lock()
    latencies: list[float] = []
    acknowledged = {row_id: 0 for row_id in ids}
    totals = {"writes": 0, "conflicts": 0, "errors": 0}

    def client(n: int) -> None:
        who = Identity(f"Client {n}", f"77777777-7777-4777-8777-{n:012d}")
        rng = random.Random(n)
        mine_latencies, mine_acks, conflicts = [], dict.fromkeys(ids, 0), 0
        with open_project(address, who, password=PASSWORD) as project:
            start.wait()
            while not stop.is_set():
                row_id = rng.choice(ids)
                began = time.perf_counter()
                row = project.read(repo.get, entity=Question, id=row_id)
                try:
                    project.write(
                        repo.update,
                        entity=Question,
                        id=row_id,
                        # a title of its own: a stale save always overlaps the other's (a save
                        # setting the value already stored would otherwise be a legitimate no-op)
                        values={
                            "priority": row.priority + 1,
                            "title": f"client {n} save {len(mine_latencies)}",
                        },
                        expected_version=row.version,
                    )
                except StaleEdit:
                    conflicts += 1
                    continue
                mine_latencies.append(time.perf_counter() - began)
                mine_acks[row_id] += 1
        with lock:
            latencies.extend(mine_latencies)
            totals["writes"] += len(mine_latencies)
            totals["conflicts"] += conflicts
            for row_id, count in mine_acks.items():
                acknowledged[row_id] += count

    def guarded(n: int) -> None:
        try:
            client(n)
        except Exception:
            with lock:
                totals["errors"] += 1
            raise

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    stop.wait(SECONDS)
    stop.set()
    for thread in threads:
        thread.join(60)
    elapsed = time.perf_counter() - began

    with open_project(address, setup, password=PASSWORD) as project:
        stored = {q.id: q.priority for q in project.read(repo.list_rows, entity=Question)}
    lost = sum(acknowledged.values()) - sum(stored.values())
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000 if len(latencies) >= 20 else float("nan")

    record("server load: clients", CLIENTS, "clients")
    record("server load: duration", elapsed, "s")
    record("server load: acknowledged writes per second", totals["writes"] / elapsed, "writes/s", ">= 20")
    record("server load: p95 latency of a read-edit-save", p95, "ms", "<= 250")
    record("server load: median latency", statistics.median(latencies) * 1000, "ms")
    record("server load: conflicts raised (StaleEdit)", totals["conflicts"], "conflicts")
    record("server load: lost updates", lost, "updates", "<= 0")
    assert totals["errors"] == 0
    assert totals["writes"] > 0 and totals["conflicts"] > 0  # the clients did collide
    assert stored == acknowledged  # per row, not only in sum: zero lost (or invented) updates
