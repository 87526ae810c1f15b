"""Where a team-server project lives: host, port, database, user and TLS mode; never a password.

Passwords come from the system keyring or `~/.pgpass` (libpq reads it itself), so an address can
be shown, remembered in the recent files and put on a command line without leaking anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from desktop.store.errors import QuaestioError

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DEFAULT_PORT = 5432


class ServerAddressError(QuaestioError):
    """A team-server address that cannot be used as written."""


def is_server_url(text: object) -> bool:
    """True for `postgresql://...` (or `postgres://`) text; paths and other values are False."""
    if not isinstance(text, str):
        return False
    scheme, sep, _rest = text.strip().partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


@dataclass(frozen=True, kw_only=True)
class ServerAddress:
    """One database on a PostgreSQL server. `host` may be a Unix-socket directory (`/run/...`).

    Keyword-only: `ServerAddress(host=..., port=..., database=..., user=..., sslmode=...)`.
    """

    host: str
    port: int = DEFAULT_PORT
    database: str
    user: str
    sslmode: str = "prefer"

    def __post_init__(self) -> None:
        if not self.host:
            raise ServerAddressError("The team-server address needs a host name (e.g. db.example.org).")
        if not self.database:
            raise ServerAddressError("The team-server address needs a database name.")
        if not self.user:
            raise ServerAddressError("The team-server address needs a user name.")
        if not 0 < self.port < 65536:
            raise ServerAddressError(f"{self.port} is not a port number; PostgreSQL usually listens on 5432.")
        if self.sslmode not in SSL_MODES:
            raise ServerAddressError(
                f"{self.sslmode!r} is not a TLS mode; use one of: {', '.join(SSL_MODES)}."
            )

    @classmethod
    def from_url(cls, text: str) -> ServerAddress:
        """Parse `postgresql://user@host:port/database?sslmode=require`.

        A password in the URL is refused: it would end up in the recent files, the shell history
        and the process list. The keyring or ~/.pgpass keep it instead.
        """
        text = text.strip()
        if not is_server_url(text):
            raise ServerAddressError(
                f"{text!r} is not a team-server address; write it as postgresql://user@host:5432/database."
            )
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError as exc:
            raise ServerAddressError(f"The team-server address {text!r} is malformed: {exc}.") from None
        if parts.password is not None:
            raise ServerAddressError(
                "The address contains a password. Remove it (postgresql://user@host/database) and let "
                "Quaestio keep the password in the system keyring, or put it in ~/.pgpass."
            )
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        host = unquote(parts.hostname or "") or query.pop("host", "")
        unknown = sorted(set(query) - {"sslmode", "host"})
        if unknown:
            raise ServerAddressError(
                f"The team-server address has options Quaestio does not use: {', '.join(unknown)}; "
                "only sslmode is allowed."
            )
        return cls(
            host=host,
            port=port or DEFAULT_PORT,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
            sslmode=query.get("sslmode", "prefer"),
        )

    @property
    def is_socket(self) -> bool:
        return self.host.startswith("/")

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL (`postgresql+psycopg://`); with a password only when one is given."""
        auth = quote(self.user, safe="")
        if password is not None:
            auth += ":" + quote(password, safe="")
        query = f"sslmode={self.sslmode}"
        if self.is_socket:  # libpq takes a socket directory as ?host=
            socket = f"host={quote(self.host)}&port={self.port}"
            return f"postgresql+psycopg://{auth}@/{quote(self.database, safe='')}?{socket}&{query}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql+psycopg://{auth}@{host}:{self.port}/{quote(self.database, safe='')}?{query}"

    def text(self) -> str:
        """The address as a user writes it (`postgresql://user@host:port/db`), without a password."""
        user = quote(self.user, safe="")
        tls = "" if self.sslmode == "prefer" else f"sslmode={self.sslmode}"
        if self.is_socket:
            query = f"host={quote(self.host)}" + (f"&{tls}" if tls else "")
            return f"postgresql://{user}@:{self.port}/{quote(self.database, safe='')}?{query}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{user}@{host}:{self.port}/{quote(self.database, safe='')}" + (
            f"?{tls}" if tls else ""
        )

    def display(self) -> str:
        """For titles and messages: "khalkhin on db.example.org:5432 as ana"."""
        return f"{self.database} on {self.host}:{self.port} as {self.user}"

    def __str__(self) -> str:
        return self.text()
