"""The questions list as plain SQL: the rows it shows, readable with nothing but a DB-API cursor.

The unfiltered list is the first thing a historian sees, so it is read without SQLAlchemy's
statement compiler (a new engine starts with an empty compiled cache, ~1.5 ms per statement) and
without its JSON type (a `json.loads` per row, even for empty tags). The same SQL serves two
callers: `queries.question_summaries` on an open project (SQLite or PostgreSQL), and
`desktop.store.first_look` at start-up, before SQLAlchemy is even imported (issue 8). Filtered
lists and the sorts by request counts stay in `queries`, built with SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from desktop.domain.vocab import QuestionStatus
from desktop.store import plain

QUESTION_SORTS = ("code", "title", "status", "priority", "open", "overdue", "updated")
PLAIN_SORTS = ("code", "title", "status", "priority", "updated")  # the sorts that need no counts


class QuestionSummary(NamedTuple):
    """One row of the questions list. A named tuple, not a frozen dataclass: every open builds
    one per question, and 2,000 of these take 1.8 ms where the dataclass took 11.8 (issue 8)."""

    id: str
    code: str
    title: str
    status: str
    priority: int
    tags: tuple[str, ...]
    cities: tuple[str, ...] = ()  # of the archives holding or asked, alphabetical
    requests: int = 0
    open_requests: int = 0  # not closed
    overdue_requests: int = 0
    counted: bool = True  # False: cities and counts not read yet (see `queries.question_counts`)


@dataclass(frozen=True)
class QuestionCounts:
    """What the questions list shows about a question's requests and archives."""

    cities: tuple[str, ...]
    requests: int
    open_requests: int
    overdue_requests: int


def _order_keys(sort: str) -> list[str]:
    natural = ["length(code)", "code"]  # Q2 before Q10: shorter codes first, then alphabetical
    ranks = " ".join(f"WHEN '{s.value}' THEN {n}" for n, s in enumerate(QuestionStatus))
    keys = {
        "code": natural,
        "title": ["lower(title)"],
        "status": [f"CASE status {ranks} ELSE {len(QuestionStatus)} END"],
        "priority": ["priority"],
        "updated": ["updated_at"],
    }
    if sort not in keys:
        raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(PLAIN_SORTS)}")
    return keys[sort]


def live_questions_sql(sort: str = "code", descending: bool = False) -> str:
    """SELECT the columns of `QuestionSummary` for every live question, in the list's order
    (ties broken by the natural code order, as `queries._question_order` does)."""
    direction = " DESC" if descending else " ASC"
    order = [key + direction for key in _order_keys(sort)]
    if sort != "code":
        order += ["length(code) ASC", "code ASC"]
    return (
        "SELECT id, code, title, status, priority, tags FROM question "
        f"WHERE deleted_at IS NULL ORDER BY {', '.join(order)}"
    )


def summary(
    row: Sequence[Any], *, cities: tuple[str, ...] = (), counts: tuple[int, int, int] | None = None
) -> QuestionSummary:
    """A row whose first six columns are those of `live_questions_sql`, as a summary; without
    `counts` (requests, open, overdue) its cities and counts are still to be read."""
    code, title, status = row[1], row[2], row[3]
    if type(code) is not str or type(title) is not str or type(status) is not str:
        code, title, status = plain.text(code), plain.text(title), plain.text(status)
    requests, open_requests, overdue = counts or (0, 0, 0)
    return QuestionSummary(
        row[0],
        code,
        title,
        status,
        row[4],
        plain.tags(row[5]),
        cities,
        requests,
        open_requests,
        overdue,
        counts is not None,
    )


def uncounted_summaries(rows: Iterable[Sequence[Any]]) -> list[QuestionSummary]:
    """Rows of `live_questions_sql` as summaries whose cities and counts are still to be read."""
    return [summary(r) for r in rows]


def with_counts(rows: Iterable[QuestionSummary], counts: dict[str, QuestionCounts]) -> list[QuestionSummary]:
    """The rows with their cities and request counts put in (`queries.question_counts`); a
    question missing from `counts` has no requests and no archives."""
    return [
        row._replace(
            cities=c.cities,
            requests=c.requests,
            open_requests=c.open_requests,
            overdue_requests=c.overdue_requests,
            counted=True,
        )
        if (c := counts.get(row.id)) is not None
        else row._replace(cities=(), requests=0, open_requests=0, overdue_requests=0, counted=True)
        for row in rows
    ]
