"""A first look at a project file at start-up: its title and questions, before the store loads.

Importing the store (SQLAlchemy, SQLModel and the models) takes about half a second, longer than
everything else a start needs. The questions list does not have to wait for it: this module reads
the file with `sqlite3` alone, through the same checks and the same read-only connection as
`inspection.inspect_project_file`, and the same SQL as the list on an open project
(`question_list`). The window shows those rows while the store loads off the GUI thread, then
opens the project as always (lock, WAL, upgrade, templates), which re-reads the list.

A first look changes nothing (beyond what SQLite does on any open: rolling back a write cut off
by a crash, as `inspect_project_file` explains) and decides nothing: whatever is unusual about the file (not a
project, damaged, from another schema revision, unreadable) gives None, and the ordinary open
that follows says what is wrong, or upgrades the file after a backup.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.store import schema
from desktop.store.engine import connect_raw
from desktop.store.errors import QuaestioError
from desktop.store.inspection import inspect_project_file
from desktop.store.question_list import QuestionSummary, live_questions_sql, uncounted_summaries

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirstLook:
    path: Path
    title: str
    questions: list[QuestionSummary]  # uncounted: cities and counts come with the open project


def first_look(path: Path, *, sort: str = "code", descending: bool = False) -> FirstLook | None:
    """The title and live questions of the project at `path`, or None when only a real open can
    tell (see the module's docstring). Never raises for a bad file."""
    try:
        facts = inspect_project_file(path)
        if facts.revision != schema.head_revision():
            return None  # an upgrade first (after a backup): the open does it
        con = connect_raw(path, readonly=True)
        try:
            rows = con.execute(live_questions_sql(sort, descending)).fetchall()
        finally:
            con.close()
    except (QuaestioError, sqlite3.Error, OSError, ValueError) as exc:
        log.info("no first look at %s: %s", path, exc)
        return None
    title = facts.title.decode("utf-8", "replace") if isinstance(facts.title, bytes) else facts.title
    return FirstLook(path=facts.path, title=title, questions=uncounted_summaries(rows))
