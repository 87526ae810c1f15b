"""Team-server addresses as the user sees them (no Qt): the TLS modes offered, the
`postgresql://` text shown, pasted and kept in the recent list (never with a password)."""

from __future__ import annotations

import getpass
from typing import Any
from urllib.parse import quote, urlencode

SCHEME = "postgresql://"

# libpq's sslmode values with what they mean for the user, weakest last.
TLS_MODES: tuple[tuple[str, str], ...] = (
    ("prefer", "Prefer (encrypt when the server offers it)"),
    ("require", "Require (never unencrypted)"),
    ("verify-ca", "Verify CA (require, and check the certificate's issuer)"),
    ("verify-full", "Verify full (also check the server's name)"),
    ("allow", "Allow (unencrypted unless the server insists)"),
    ("disable", "Disable (never encrypt: local networks only)"),
)


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return ""


def is_server_text(text: object) -> bool:
    """True for 'postgresql://…' or 'postgres://…' (cheap: no store import)."""
    return isinstance(text, str) and text.strip().lower().startswith(("postgresql://", "postgres://"))


def address_url(address: Any) -> str:
    """The address as libpq's URL, without a password: `postgresql://user@host:port/db?sslmode=…`.

    A Unix-socket folder goes into `?host=` (libpq's form), since a path cannot be a URL host.
    """
    text = getattr(address, "text", None)
    if callable(text):
        return str(text())
    user = quote(address.user, safe="")
    database = quote(address.database, safe="")
    query: dict[str, str] = {}
    if address.host.startswith("/"):
        netloc = f"{user}@:{address.port}" if int(address.port) != 5432 else f"{user}@"
        query["host"] = address.host
    else:
        host = f"[{address.host}]" if ":" in address.host else address.host
        netloc = f"{user}@{host}:{address.port}"
    if address.sslmode and address.sslmode != "prefer":
        query["sslmode"] = address.sslmode
    tail = f"?{urlencode(query, safe='/')}" if query else ""
    return f"{SCHEME}{netloc}/{database}{tail}"


def server_label(address: Any) -> str:
    """'khalkhin_gol on db.example.org:5432' for menus and the status bar."""
    display = getattr(address, "display", None)
    if callable(display):
        return str(display())
    return f"{address.database} on {address.host}:{address.port} as {address.user}"


def parse_server_text(text: str) -> Any:
    """A ServerAddress from a typed or remembered URL (raises ServerAddressError with a message)."""
    from desktop.store.server.address import ServerAddress

    return ServerAddress.from_url(text.strip())


__all__ = ["TLS_MODES", "address_url", "is_server_text", "login_name", "parse_server_text", "server_label"]
