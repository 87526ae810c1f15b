"""Fixtures and helpers of the reliability suite (tests/faults/).

The crash harnesses run a child process and kill it with SIGKILL at a random moment. How many
cycles each harness runs comes from QUAESTIO_FAULT_CYCLES: `make test` runs a short version
(the default below), `make test-faults` the full 100.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from desktop.store.project import Identity, open_project

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SHORT_CYCLES = 10


def fault_cycles(short: int = SHORT_CYCLES) -> int:
    """Cycles per crash harness: QUAESTIO_FAULT_CYCLES when set (make test-faults), else `short`."""
    return int(os.environ.get("QUAESTIO_FAULT_CYCLES", short))


def child(*args: str) -> subprocess.Popen[str]:
    """A Python child in the checkout, its stdout a pipe of lines."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def kill_after(proc: subprocess.Popen[str], seconds: float) -> bool:
    """SIGKILL `proc` `seconds` from now unless it ends first (then False).

    Waiting on the process itself is the point: the random delay is the kill moment, not a guess
    about when something else is ready.
    """
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def cli_check(path: Path) -> tuple[int, str]:
    """`quaestio check PATH` through the real CLI entry point (in this process); exit code and output."""
    from desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path)])
    return code, out.getvalue() + err.getvalue()


def cli_check_subprocess(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "check", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def rows(path: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    """Read a project with a read-only SQLite connection (sees a leftover WAL, changes nothing)."""
    from desktop.store.engine import connect_raw

    con = connect_raw(path, readonly=True)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def logical_dump(path: Path) -> list[str]:
    """Every table's rows as SQL text: equal dumps mean equal projects, whatever the journal mode."""
    from desktop.store.engine import connect_raw

    con = connect_raw(path, readonly=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def writer() -> Identity:
    return Identity("Crash harness", "99999999-0000-4000-8000-000000000009")


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    """Seeded per test (QUAESTIO_FAULT_SEED to replay a run); the seed is in the test's output."""
    seed = int(os.environ.get("QUAESTIO_FAULT_SEED", random.randrange(1 << 30)))
    print(f"{request.node.name}: QUAESTIO_FAULT_SEED={seed}")
    return random.Random(seed)


@pytest.fixture
def one_question_project(tmp_path: Path, empty_template: Path, writer: Identity) -> Path:
    """An empty project with one question, closed (one self-contained file)."""
    from desktop.store import workspace

    path = tmp_path / "crash.quaestio"
    shutil.copyfile(empty_template, path)
    with open_project(path, writer) as project:
        project.write(workspace.new_question, title="What happened at Nomonhan?")
    return path


@dataclass
class SmallDisk:
    """A 2 MB tmpfs mounted for the test (root only): a real full disk, not a simulation."""

    root: Path

    def fill(self, leave: int = 0) -> Path:
        """Fill the file system, leaving about `leave` bytes free; returns the filler file."""
        filler = self.root / "filler"
        free = shutil.disk_usage(self.root).free
        with open(filler, "ab") as handle, contextlib.suppress(OSError):
            handle.write(b"\0" * max(free - leave, 0))
        return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    root = tmp_path / "small-disk"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(root)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.fail(
            "a full disk is tested on a 2 MB tmpfs, which needs root (mount -t tmpfs): "
            + mounted.stderr.strip()
        )
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)


@dataclass
class RequestCounter:
    """A web server on the loopback interface that counts every request made to it."""

    url: str
    paths: list[str] = field(default_factory=list)


@pytest.fixture
def loopback_server() -> Iterator[RequestCounter]:
    counter = RequestCounter("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            counter.paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    counter.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield counter
    finally:
        server.shutdown()
        server.server_close()


def sqlite_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as another program (or a hostile collaborator) would use."""
    return sqlite3.connect(path)
