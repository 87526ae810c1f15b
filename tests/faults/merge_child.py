"""Child of the merge crash harness: merges THEIRS into MINE (as File > Merge does), then says so.

Usage: python -m tests.faults.merge_child MINE THEIRS BACKUPS
Prints START once the project is open (the parent's clock for the kill starts there) and MERGED
when the merge has committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.store import merge
from desktop.store.project import Identity, open_project

ANA = Identity("Ana Historian", "aaaaaaaa-0000-4000-8000-00000000000a")


def main() -> None:
    mine, theirs, backups = map(Path, sys.argv[1:4])
    with open_project(mine, ANA) as project:
        print("START", flush=True)
        merge.merge_file(project, theirs, backups_dir=backups, prefer="theirs")
        print("MERGED", flush=True)


if __name__ == "__main__":
    main()
