"""Who else has the server project open, from `pg_stat_activity`.

Every connection Quaestio makes names itself `quaestio:<author>` (application_name), so the
server's own list of sessions is the presence list: nothing to write, nothing left behind by a
client that crashed. `since` needs the right to see other users' session details (the same role,
a superuser or `pg_read_all_stats`); without it it is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from desktop.store.server.connection import APP_PREFIX


@dataclass(frozen=True)
class Presence:
    author: str
    since: datetime | None  # when their first open connection started
    client: str  # the computer's address, or "local" for a Unix-socket connection


def connected_people(*, session: Session) -> list[Presence]:
    """Everyone connected to this project's database with Quaestio (you too), by name."""
    rows = session.connection().execute(
        text(
            "SELECT application_name, backend_start, client_addr::text FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name LIKE :prefix"
        ),
        {"prefix": APP_PREFIX + "%"},
    )
    people: dict[tuple[str, str], datetime | None] = {}
    for name, since, address in rows:
        key = (name[len(APP_PREFIX) :], address or "local")
        earlier = people.get(key)
        people[key] = since if earlier is None or (since is not None and since < earlier) else earlier
    return [
        Presence(author, since, client)
        for (author, client), since in sorted(people.items(), key=lambda i: i[0])
    ]
