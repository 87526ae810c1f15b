"""kill -9 while notes are being saved: every committed note survives and `quaestio check` passes.

The child (`note_writer.py`) saves notes through `Project.write(workspace.new_note/save_note)`,
the notes pane's own write path, and logs each commit with its time. The parent kills it with
SIGKILL after a random number of saves plus a random fraction of a save, so kills land before,
inside and after transactions and checkpoints. The next cycle opens the project again (a stale
lock and a leftover WAL from the killed process), so damage would accumulate and show.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from tests.faults.conftest import child, cli_check, cli_check_subprocess, fault_cycles, kill_after, rows


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_notes_survive_kill_9_at_random_moments(one_question_project: Path, rng, capsys) -> None:
    path = one_question_project
    cycles = fault_cycles()
    committed: dict[str, tuple[str, float]] = {}  # note id -> (digest of the last saved body, time)
    possible: dict[str, set[str]] = {}  # note id -> texts it may hold: last saved, or a later one in flight
    killed = saves = older_than_a_second = 0
    for cycle in range(cycles):
        proc = child("-m", "tests.faults.note_writer", str(path), str(rng.randrange(1 << 30)))
        assert proc.stdout is not None and proc.stderr is not None
        lines: list[str] = []
        in_flight: tuple[str, str] | None = None
        if rng.random() < 0.15:  # sometimes while it starts: opening, taking the lock, WAL on
            assert kill_after(proc, rng.uniform(0.2, 1.5)), proc.stderr.read()
        else:
            first = proc.stdout.readline()
            assert first.strip() == "OPEN", proc.stderr.read()
            wanted = rng.randint(1, 25)
            while sum(line.startswith("SAVED") for line in lines) < wanted:
                line = proc.stdout.readline()
                assert line, proc.stderr.read()
                lines.append(line)
            assert kill_after(proc, rng.uniform(0, 0.08)), "the writer ended by itself"
        kill_time = time.time()
        killed += 1
        lines += proc.stdout.read().splitlines()
        proc.stdout.close()
        proc.stderr.close()
        for line in lines:
            words = line.split()
            if words[:1] == ["BEGIN"]:
                in_flight = (words[1], words[2])
            elif words[:1] == ["SAVED"]:
                note_id, digest, at = words[1], words[2], float(words[3])
                committed[note_id] = (digest, at)
                possible[note_id] = {digest}
                in_flight = None
                saves += 1
        if in_flight and in_flight[0] in possible:  # an edit killed in flight may have committed
            possible[in_flight[0]].add(in_flight[1])
        older_than_a_second += sum(at < kill_time - 1 for _digest, at in committed.values())

        code, output = cli_check(path)
        assert code == 0 and "healthy" in output, f"cycle {cycle}: {output}"
        stored = {
            note_id: _digest(body)
            for note_id, body in rows(path, "SELECT id, body FROM note WHERE title LIKE 'crash %'")
        }
        for note_id, (_digest_saved, at) in committed.items():
            assert note_id in stored, f"cycle {cycle}: note saved at {at} (killed at {kill_time}) is lost"
            assert stored[note_id] in possible[note_id], f"cycle {cycle}: note {note_id} lost its text"
            possible[note_id] = {stored[note_id]}

    last = cli_check_subprocess(path)  # and once through a real `quaestio check` process
    assert last.returncode == 0 and "healthy" in last.stdout, last.stdout + last.stderr
    with capsys.disabled():
        print(
            f"\ncrash harness (notes): {killed} kill -9 cycles, {saves} saves logged, "
            f"{older_than_a_second} checks of a note saved over 1 s before a kill; all present (and every "
            "later logged save too), check passed every time"
        )
