"""Child of the migration crash harness: opens an old project for writing, which upgrades it.

Usage: python -m tests.faults.migrate_child PROJECT BACKUPS
Prints START just before `open_project` (backup, migrations, WAL on) and UPGRADED after it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.store.project import Identity, open_project

WRITER = Identity("Crash harness", "99999999-0000-4000-8000-000000000009")


def main() -> None:
    path, backups = Path(sys.argv[1]), Path(sys.argv[2])
    print("START", flush=True)
    with open_project(path, WRITER, backups_dir=backups):
        print("UPGRADED", flush=True)


if __name__ == "__main__":
    main()
