"""Where a team-server password is kept: the system keyring, else the user's `~/.pgpass`.

Never in the project, never in Quaestio's settings. `password_for` asks the keyring (the
`keyring` package: Secret Service, macOS Keychain, Windows Credential Locker) and then reads
`~/.pgpass` the way libpq does (same file, same wildcards and escapes), so a password the
database administrator already put there just works. On a machine without a keyring backend
(a headless Linux), `remember_password` raises `NoKeyring` and the caller offers `~/.pgpass`
instead (`remember_in_pgpass`: the file is written with permissions 0600, as libpq demands).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop.store.errors import QuaestioError

if TYPE_CHECKING:
    from desktop.store.server.address import ServerAddress

log = logging.getLogger(__name__)

KEYRING_SERVICE = "Quaestio team server"
DEFAULT_SOCKET_DIRS = ("/var/run/postgresql", "/run/postgresql", "/tmp")


class Address(Protocol):
    """What credentials need of a `ServerAddress` (kept structural so this module stays light)."""

    host: str
    port: int
    database: str
    user: str


class NoKeyring(QuaestioError):
    """This machine has no usable system keyring (common on a Linux without a desktop session)."""


class CredentialsError(QuaestioError):
    """The password could not be stored or removed (a message says where and why)."""


@dataclass(frozen=True)
class PgpassEntry:
    host: str
    port: str
    database: str
    user: str
    password: str

    def matches(self, host: str, port: str, database: str, user: str) -> bool:
        return all(
            mine == "*" or mine == theirs
            for mine, theirs in (
                (self.host, host),
                (self.port, port),
                (self.database, database),
                (self.user, user),
            )
        )


def keyring_user(address: Address | ServerAddress) -> str:
    """The keyring entry's name: one per user, server and database."""
    return f"{address.user}@{address.host}:{address.port}/{address.database}"


# --- the keyring ---------------------------------------------------------------------------------


def _keyring_password(address: Address | ServerAddress) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:  # the package is a dependency; a broken install just means "no keyring"
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user(address))
    except NoKeyringError:
        return None
    except (KeyringError, Exception):  # a locked or unreachable Secret Service: fall through to .pgpass
        log.info("the keyring could not be read", exc_info=True)
        return None


def keyring_available() -> bool:
    """True when a real keyring backend is there (not keyring's 'fail' or 'null' backends)."""
    try:
        import keyring
    except ImportError:
        return False
    backend = keyring.get_keyring()
    module = type(backend).__module__
    return (
        not (module.endswith("backends.fail") or module.endswith("backends.null"))
        and getattr(backend, "priority", 1) > 0
    )


def keyring_name() -> str:
    """What to call the keyring in messages ("the system keyring (SecretService)")."""
    try:
        import keyring

        return f"the system keyring ({type(keyring.get_keyring()).__module__.rsplit('.', 1)[-1]})"
    except ImportError:
        return "the system keyring"


# --- ~/.pgpass ----------------------------------------------------------------------------------


def pgpass_path() -> Path:
    """libpq's password file: $PGPASSFILE, else ~/.pgpass (%APPDATA%/postgresql/pgpass.conf on Windows)."""
    chosen = os.environ.get("PGPASSFILE")
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def split_pgpass_line(line: str) -> list[str]:
    """Fields of one line: ':' separates, '\\' escapes ':' and '\\' (libpq's rules; anything after
    a fifth field is ignored, as libpq ends the password at the next unescaped ':')."""
    fields: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    fields.append("".join(current))
    return fields


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def pgpass_line(entry: PgpassEntry) -> str:
    return ":".join(_escape(v) for v in (entry.host, entry.port, entry.database, entry.user, entry.password))


def read_pgpass(path: Path | None = None) -> list[PgpassEntry]:
    """The entries of the password file, in order; comments and malformed lines skipped.

    Like libpq, a file readable by group or others is ignored (with a log line), on Unix.
    """
    path = path or pgpass_path()
    try:
        info = path.stat()
    except OSError:
        return []
    if sys.platform != "win32" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("%s is readable by others; like libpq, Quaestio ignores it (chmod 0600 it)", path)
        return []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    entries: list[PgpassEntry] = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = split_pgpass_line(line)
        if len(parts) < 5:
            continue
        entries.append(PgpassEntry(*parts[:5]))
    return entries


def _pgpass_hosts(host: str) -> tuple[str, ...]:
    """The host names a .pgpass line may carry for `host`: a socket in a default folder is 'localhost'."""
    if not host or host in DEFAULT_SOCKET_DIRS:
        return (host, "localhost") if host else ("localhost",)
    return (host,)


def pgpass_password(address: Address | ServerAddress, path: Path | None = None) -> str | None:
    """The password of the first matching line, as libpq would find it."""
    port = str(address.port)
    for entry in read_pgpass(path):
        for host in _pgpass_hosts(address.host):
            if entry.matches(host, port, address.database, address.user):
                return entry.password
    return None


def _write_pgpass(path: Path, lines: list[str]) -> None:
    """Replace the file atomically, mode 0600 from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".pgpass.", dir=path.parent)
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as handle:
            handle.write("".join(line + "\n" for line in lines))
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CredentialsError(f"Could not write the password file {path}: {exc.strerror or exc}.") from None


def _exact(entry: PgpassEntry, address: Address | ServerAddress) -> bool:
    return (entry.host, entry.port, entry.database, entry.user) == (
        address.host,
        str(address.port),
        address.database,
        address.user,
    )


def _pgpass_lines_without(address: Address | ServerAddress, path: Path) -> tuple[list[str], bool]:
    """The file's lines minus the one naming exactly this server; comments kept as they were."""
    try:  # surrogateescape: a line in another encoding is written back byte for byte
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        return [], False
    except OSError as exc:
        raise CredentialsError(f"Could not read the password file {path}: {exc.strerror or exc}.") from None
    kept: list[str] = []
    removed = False
    for line in text.splitlines():
        parts = split_pgpass_line(line) if line.strip() and not line.lstrip().startswith("#") else []
        if len(parts) >= 5 and _exact(PgpassEntry(*parts[:5]), address):
            removed = True
            continue
        kept.append(line)
    return kept, removed


def remember_in_pgpass(address: Address | ServerAddress, password: str, path: Path | None = None) -> Path:
    """Put the password in ~/.pgpass (replacing this server's line), permissions 0600."""
    path = path or pgpass_path()
    lines, _ = _pgpass_lines_without(address, path)
    entry = PgpassEntry(address.host, str(address.port), address.database, address.user, password)
    # first matching line wins in libpq: ours goes first so a wildcard line cannot shadow it
    _write_pgpass(path, [pgpass_line(entry), *lines])
    return path


# --- the public functions -----------------------------------------------------------------------


def password_for(address: Address | ServerAddress) -> str | None:
    """The remembered password for this server and user: the keyring first, then ~/.pgpass."""
    return _keyring_password(address) or pgpass_password(address)


def remember_password(address: Address | ServerAddress, password: str) -> str:
    """Keep the password in the system keyring; returns where ("the system keyring (…)").

    Raises NoKeyring when the machine has none: the caller then offers `remember_in_pgpass`.
    """
    if not keyring_available():
        raise NoKeyring(
            "This computer has no system keyring (no Secret Service, Keychain or Credential Locker "
            f"is running), so the password cannot be kept there. It can be kept in {pgpass_path()} "
            "instead, a file only you can read (permissions 0600), which PostgreSQL's own tools use too."
        )
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(address), password)
    except (KeyringError, Exception) as exc:  # locked keyring, D-Bus gone...
        raise NoKeyring(
            f"The system keyring refused the password ({exc}). It can be kept in {pgpass_path()} "
            "instead, a file only you can read (permissions 0600)."
        ) from None
    return keyring_name()


def forget_password(address: Address | ServerAddress) -> list[str]:
    """Remove this server's password from the keyring and from ~/.pgpass; returns where it was.

    Only the line naming exactly this host, port, database and user is removed from ~/.pgpass:
    wildcard lines written by someone else are left alone.
    """
    removed: list[str] = []
    if keyring_available():
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(KEYRING_SERVICE, keyring_user(address))
            removed.append(keyring_name())
        except PasswordDeleteError:
            pass
        except (KeyringError, Exception):
            log.info("the keyring could not be changed", exc_info=True)
    path = pgpass_path()
    lines, found = _pgpass_lines_without(address, path)
    if found:
        _write_pgpass(path, lines)
        removed.append(str(path))
    return removed


__all__ = [
    "CredentialsError",
    "NoKeyring",
    "PgpassEntry",
    "forget_password",
    "keyring_available",
    "password_for",
    "pgpass_password",
    "pgpass_path",
    "read_pgpass",
    "remember_in_pgpass",
    "remember_password",
]
