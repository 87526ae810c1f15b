"""Engines on a team server, and driver errors turned into messages a historian can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from desktop.store.errors import InvalidValue, ServerBusy, ServerUnavailable
from desktop.store.server import dialect  # noqa: F401  (PostgreSQL spellings of SQLite functions)
from desktop.store.server.address import ServerAddress

CONNECT_TIMEOUT_S = 10
APP_PREFIX = "quaestio:"  # application_name of every connection: presence reads it back
# deadlock, serialization failure, lock not available: psycopg calls them OperationalError, yet
# the connection is fine and the same unit of work succeeds when run again
BUSY_SQLSTATES = frozenset({"40P01", "40001", "55P03"})


def application_name(author: str) -> str:
    """`quaestio:<author>`, cut to PostgreSQL's 63 bytes without splitting a character."""
    name = APP_PREFIX + (author or "unknown")
    while len(name.encode()) > 63:
        name = name[:-1]
    return name


def connect_args(
    address: ServerAddress, *, author: str, replica_id: str, client_id: str = ""
) -> dict[str, object]:
    """libpq options for every connection of this client.

    The session time zone is UTC, so timestamps read back as the UTC instants they were written
    as (the SQLite backend stores UTC too). `quaestio.replica_id` is a custom setting the change
    triggers put into each notification; `quaestio.client_id` names one open project (two
    windows of one installation share a replica id), so a window can ignore its own changes.
    """

    def safe(value: str) -> str:
        return re.sub(r"[^0-9A-Za-z-]", "", value) or "unknown"

    return {
        "application_name": application_name(author),
        "connect_timeout": CONNECT_TIMEOUT_S,
        "options": f"-c timezone=UTC -c quaestio.replica_id={safe(replica_id)} "
        f"-c quaestio.client_id={safe(client_id)}",
    }


def libpq_params(
    address: ServerAddress, *, password: str | None, author: str, replica_id: str = "", client_id: str = ""
) -> dict[str, object]:
    """Keyword arguments for `psycopg.connect` (the live feed's own connection)."""
    params: dict[str, object] = {
        "host": address.host,
        "port": address.port,
        "dbname": address.database,
        "user": address.user,
        "sslmode": address.sslmode,
        **connect_args(address, author=author, replica_id=replica_id, client_id=client_id),
    }
    if password is not None:
        params["password"] = password
    return params


def make_server_engine(
    address: ServerAddress, *, password: str | None, author: str, replica_id: str, client_id: str = ""
) -> Engine:
    """An engine on the server. Without a password libpq looks in ~/.pgpass (and PGPASSWORD).

    `pool_pre_ping` tests a pooled connection before use, so a server restart costs one failed
    ping, not an error in the middle of the user's next edit.
    """
    return create_engine(
        address.url(password),
        connect_args=connect_args(address, author=author, replica_id=replica_id, client_id=client_id),
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=4,
    )


def describe(exc: BaseException, address: ServerAddress) -> str:
    """A message for a connection problem: what went wrong and what to do about it."""
    detail = str(getattr(exc, "orig", None) or exc)
    low = detail.lower()
    where = f"{address.host}:{address.port}"
    if "password authentication failed" in low or "authentication failed" in low:
        return (
            f"The team server {where} refused the password for {address.user}. Enter the right "
            "password (Quaestio keeps it in the system keyring) or correct ~/.pgpass."
        )
    if "no password supplied" in low or "fe_sendauth" in low:
        return (
            f"The team server {where} asks for a password for {address.user}, and none is stored. "
            "Connect with File > Connect to team server... and enter it, or add it to ~/.pgpass."
        )
    if "does not exist" in low and "database" in low:
        return (
            f"The team server {where} has no database {address.database!r}. Check the name, or ask "
            "the server's administrator to create it (an empty database), then move a project there."
        )
    if "does not exist" in low and "role" in low:
        return f"The team server {where} has no user {address.user!r}. Check the user name."
    if "ssl" in low or "tls" in low or "certificate" in low:
        return (
            f"The secure connection (TLS) to {where} failed ({_first_line(detail)}). Choose another TLS "
            "mode if the server does not offer TLS, or ask its administrator about the certificate."
        )
    if "pg_hba.conf" in low:
        return (
            f"The team server {where} does not accept connections from this computer for "
            f"{address.user} ({_first_line(detail)}). Ask its administrator to allow them."
        )
    if any(
        s in low
        for s in (
            "server closed the connection",
            "terminating connection",
            "connection is lost",
            "consuming input failed",
            "connection has been closed",
            "the connection is closed",
            "ssl syscall",
            "eof detected",
        )
    ):
        return (
            f"The connection to the team server {where} was lost. What was being saved was not "
            "saved; nothing saved before is lost. Try again when the server is back."
        )
    if "too many connections" in low or "remaining connection slots" in low:
        return f"The team server {where} has no free connections left; try again in a moment."
    return (
        f"Cannot reach the team server {where} ({_first_line(detail)}). Check that the server is "
        "running and the network is up, then try again."
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no details"


def is_busy_error(exc: BaseException) -> bool:
    """Another transaction was in the way (deadlock, serialization failure, lock timeout)."""
    if isinstance(exc, ServerBusy):
        return True
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return getattr(orig, "sqlstate", None) in BUSY_SQLSTATES


def busy_message(address: ServerAddress) -> str:
    return (
        f"Another person's save on the team server {address.host}:{address.port} was in the way, "
        "so this one was not saved; try again."
    )


def is_connection_error(exc: BaseException) -> bool:
    """A lost or refused connection (as opposed to an SQL error in a healthy session)."""
    import psycopg

    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        exc = exc.orig if exc.orig is not None else exc
    if is_busy_error(exc):
        return False
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return True
    return isinstance(exc, OperationalError | InterfaceError)


@contextmanager
def translated(address: ServerAddress) -> Iterator[None]:
    """Turn connection failures inside the block into ServerUnavailable with a clear message."""
    import psycopg

    try:
        yield
    except (DBAPIError, psycopg.Error) as exc:
        if is_busy_error(exc):
            raise ServerBusy(busy_message(address)) from exc
        if is_connection_error(exc):
            raise ServerUnavailable(describe(exc, address)) from exc
        orig = getattr(exc, "orig", exc)
        if isinstance(orig, psycopg.DataError | ValueError) and "NUL" in str(orig):
            # SQLite stores a NUL character, PostgreSQL refuses it: say so instead of a traceback
            raise InvalidValue(
                "The text contains an invisible NUL character, which the team server cannot store; "
                "remove it (it often comes with text pasted from a PDF) and save again. Nothing was saved."
            ) from exc
        raise
