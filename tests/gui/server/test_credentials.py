"""Where team-server passwords are kept: the keyring first, then ~/.pgpass read like libpq."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from desktop.store.server import credentials
from desktop.store.server.address import ServerAddress
from tests.gui.server.keyrings import MemoryKeyring

ADDRESS = ServerAddress(host="db.example.org", port=5433, database="khalkhin_gol", user="ana")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def write_pgpass(home: Path, text: str, mode: int = 0o600) -> Path:
    path = home / ".pgpass"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_keyring_first_then_pgpass(memory_keyring: MemoryKeyring, isolated_home: Path) -> None:
    write_pgpass(isolated_home, "db.example.org:5433:khalkhin_gol:ana:from-pgpass\n")
    assert credentials.password_for(ADDRESS) == "from-pgpass"
    where = credentials.remember_password(ADDRESS, "from-keyring")
    assert "keyring" in where
    assert credentials.password_for(ADDRESS) == "from-keyring"
    # the keyring entry names user, server and database; nothing is written to the settings
    assert memory_keyring.passwords == {
        (credentials.KEYRING_SERVICE, "ana@db.example.org:5433/khalkhin_gol"): "from-keyring"
    }
    # forgetting removes it from both places (only the line naming exactly this server)
    removed = credentials.forget_password(ADDRESS)
    assert removed[0].startswith("the system keyring") and removed[1].endswith(".pgpass")
    assert credentials.password_for(ADDRESS) is None


def test_pgpass_wildcards_escapes_order_and_comments(no_keyring: None, isolated_home: Path) -> None:
    write_pgpass(
        isolated_home,
        "# comment:with:colons:x:y\n"
        "\n"
        "other.host:*:*:*:wrong\n"
        r"db.example.org:5433:khalkhin_gol:ana:p\:ss\\word" + "\n"
        "*:*:*:ana:fallback\n",
    )
    assert credentials.password_for(ADDRESS) == "p:ss\\word"
    elsewhere = ServerAddress(host="db.example.org", port=5433, database="other_db", user="ana")
    assert credentials.password_for(elsewhere) == "fallback"
    boris = ServerAddress(host="db.example.org", port=5433, database="khalkhin_gol", user="boris")
    assert credentials.password_for(boris) is None


def test_pgpass_field_with_escaped_colon_in_host_and_socket_as_localhost(
    no_keyring: None, isolated_home: Path
) -> None:
    write_pgpass(isolated_home, "localhost:5432:db:ana:via-socket\n" r"fe80\:\:1:5432:db:ana:v6" + "\n")
    socket = ServerAddress(host="/var/run/postgresql", port=5432, database="db", user="ana")
    assert credentials.password_for(socket) == "via-socket"
    v6 = ServerAddress(host="fe80::1", port=5432, database="db", user="ana")
    assert credentials.password_for(v6) == "v6"


def test_pgpass_readable_by_others_is_ignored_like_libpq(no_keyring: None, isolated_home: Path) -> None:
    write_pgpass(isolated_home, "*:*:*:*:secret\n", mode=0o644)
    assert credentials.password_for(ADDRESS) is None


def test_no_keyring_offers_pgpass_with_0600(no_keyring: None, isolated_home: Path) -> None:
    assert not credentials.keyring_available()
    with pytest.raises(credentials.NoKeyring) as refused:
        credentials.remember_password(ADDRESS, "s3:cret\\")
    assert ".pgpass" in str(refused.value) and "0600" in str(refused.value)
    existing = write_pgpass(isolated_home, "# mine\n*:*:*:boris:his\n")
    path = credentials.remember_in_pgpass(ADDRESS, "s3:cret\\")
    assert path == existing
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert credentials.password_for(ADDRESS) == "s3:cret\\"
    # remembering again replaces the line; the other lines stay as they were
    credentials.remember_in_pgpass(ADDRESS, "new")
    lines = path.read_text().splitlines()
    assert lines == ["db.example.org:5433:khalkhin_gol:ana:new", "# mine", "*:*:*:boris:his"]
    assert credentials.forget_password(ADDRESS) == [str(path)]
    assert path.read_text().splitlines() == ["# mine", "*:*:*:boris:his"]
    assert credentials.password_for(ADDRESS) is None


def test_pgpassfile_environment_variable(
    no_keyring: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "elsewhere" / "pw"
    monkeypatch.setenv("PGPASSFILE", str(chosen))
    credentials.remember_in_pgpass(ADDRESS, "x")
    assert chosen.is_file() and credentials.password_for(ADDRESS) == "x"


def test_a_pgpass_line_in_another_encoding_is_kept_byte_for_byte(tmp_path: Path) -> None:
    """A Latin-1 password written by another tool: remembering and forgetting ours keeps it
    (before: a raw UnicodeDecodeError out of the Connect dialog)."""
    path = tmp_path / "pgpass"
    theirs = b"legacy.example.org:5432:*:ana:caf\xe9\n"
    path.write_bytes(theirs)
    path.chmod(0o600)
    credentials.remember_in_pgpass(ADDRESS, "s3cret", path)
    assert path.read_bytes() == b"db.example.org:5433:khalkhin_gol:ana:s3cret\n" + theirs
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert credentials.pgpass_password(ADDRESS, path) == "s3cret"
