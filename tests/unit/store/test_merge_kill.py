"""kill -9 in the middle of a merge leaves the project exactly as it was before the merge."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop.store import repo
from desktop.store.models import Note, Question
from desktop.store.project import open_project
from tests.unit.store.merging import ANA, BOB, content_of, two_copies

REPO = Path(__file__).resolve().parents[3]

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop.store import merge
    from desktop.store.project import Identity, open_project

    mine, theirs, backups = map(Path, sys.argv[1:4])

    def progress(done, total, text):
        if text == "Recording their changes":  # inside the transaction, records already written
            print("IN TRANSACTION", flush=True)
            sys.stdin.readline()  # wait here to be killed

    with open_project(mine, Identity("Ana Historian", "aaaaaaaa-0000-4000-8000-00000000000a")) as project:
        merge.merge_file(project, theirs, backups_dir=backups, prefer="theirs", progress=progress)
    print("MERGED", flush=True)
    """
)


def test_killing_the_process_during_a_merge_leaves_the_project_as_it_was(tmp_path, demo_template):
    mine, theirs = two_copies(demo_template, tmp_path)
    with open_project(theirs, BOB) as p:  # enough work that the merge writes many pages
        question = p.read(repo.list_rows, entity=Question)[0]
        for n in range(300):
            p.write(
                repo.create,
                entity=Note,
                values={"question_id": question.id, "title": f"{n}", "body": "Ж" * 400},
            )
        p.write(repo.update, entity=Question, id=question.id, values={"title": "Bob's title"})
    with open_project(mine, ANA) as p:
        p.write(repo.update, entity=Question, id=question.id, values={"title": "Ana's title"})
    before = content_of(mine)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(mine), str(theirs), str(tmp_path / "backups")],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "IN TRANSACTION", child.stderr.read() if child.stderr else line
        wal = mine.with_name(mine.name + "-wal")
        assert wal.exists()  # the WAL holds the project while it is open for writing
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    checked = subprocess.run(
        [sys.executable, "-m", "desktop", "check", str(mine)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "healthy" in checked.stdout
    assert content_of(mine) == before
    # the stale lock left by the killed process is taken over, and the merge can be done again
    with open_project(mine, ANA) as project:
        assert project.read(repo.get, entity=Question, id=question.id).title == "Ana's title"
