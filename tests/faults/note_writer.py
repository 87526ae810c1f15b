"""Child process of the crash harness: saves notes in a loop through the notes pane's write path.

Usage: python -m tests.faults.note_writer PROJECT SEED

It opens the project as the app does (`open_project`), then forever: creates a note or edits one
(`workspace.new_note` / `workspace.save_note` through `Project.write`, exactly what the notes pane
calls). It prints `BEGIN <note id or new> <sha256 of body>` before each write and, once the
write has returned, `SAVED <note id> <sha256 of body> <time.time()>`, flushed, so the parent knows
what was committed and when. The parent kills it with SIGKILL; the loop never ends by itself.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from pathlib import Path

from desktop.store import repo, workspace
from desktop.store.models import Question
from desktop.store.project import Identity, open_project

WRITER = Identity("Crash harness", "99999999-0000-4000-8000-000000000009")


def body_for(rng: random.Random, n: int) -> str:
    """Text of varied size (a line to ~20 KB), Cyrillic and Japanese included, so writes span pages."""
    words = ("архив", "фонд", "防衛研究所", "Halhin Gol", "опись", "дело", "請求番号", "note")
    return f"#{n} " + " ".join(rng.choice(words) for _ in range(rng.choice((5, 50, 300, 1500))))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    project = open_project(path, WRITER)
    question_id = project.read(repo.list_rows, entity=Question)[0].id
    print("OPEN", flush=True)
    mine: list[str] = []
    n = 0
    while True:
        n += 1
        body = body_for(rng, n)
        if not mine or rng.random() < 0.4:
            print(f"BEGIN new {digest(body)}", flush=True)  # in flight: may or may not commit
            written = project.write(
                workspace.new_note, question_id=question_id, title=f"crash {n}", body=body
            )
            mine.append(written.row.id)
        else:
            note_id = rng.choice(mine)
            print(f"BEGIN {note_id} {digest(body)}", flush=True)
            written = project.write(workspace.save_note, note_id=note_id, title=f"crash {n}", body=body)
        print(f"SAVED {written.row.id} {digest(body)} {time.time():.6f}", flush=True)


if __name__ == "__main__":
    main()
