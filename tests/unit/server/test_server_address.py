"""Team-server addresses: what a user types, and what is refused with a message."""

from __future__ import annotations

import pytest

from desktop.store.server.address import ServerAddress, ServerAddressError, is_server_url


def test_a_url_gives_every_part_and_prints_back_without_a_password():
    address = ServerAddress.from_url("postgresql://ana@db.example.org:5433/khalkhin?sslmode=require")
    assert address == ServerAddress(
        host="db.example.org", port=5433, database="khalkhin", user="ana", sslmode="require"
    )
    assert ServerAddress.from_url(address.text()) == address
    assert address.display() == "khalkhin on db.example.org:5433 as ana"
    assert address.url("p@ss:word") == (
        "postgresql+psycopg://ana:p%40ss%3Aword@db.example.org:5433/khalkhin?sslmode=require"
    )
    assert "p@ss" not in address.text() and "p@ss" not in str(address)


def test_defaults_and_socket_folders():
    address = ServerAddress.from_url("postgres://bat@localhost/research")
    assert (address.port, address.sslmode) == (5432, "prefer")
    socket = ServerAddress.from_url("postgresql://bat@/research?host=/run/postgresql")
    assert socket.host == "/run/postgresql" and socket.is_socket
    assert ServerAddress.from_url(socket.text()) == socket
    assert "host=/run/postgresql" in socket.url()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("postgresql://ana:secret@db/khalkhin", "keyring"),
        ("postgresql://ana@db/khalkhin?sslmode=sometimes", "TLS mode"),
        ("postgresql://ana@db:99999/khalkhin", "malformed|port"),
        ("postgresql://ana@db/", "database name"),
        ("postgresql://db/khalkhin", "user name"),
        ("postgresql://ana@db/khalkhin?application_name=x", "only sslmode"),
        ("/home/ana/khalkhin.quaestio", "not a team-server address"),
    ],
)
def test_bad_addresses_are_refused_with_a_message(text, message):
    with pytest.raises(ServerAddressError, match=message):
        ServerAddress.from_url(text)


def test_only_postgresql_urls_are_server_urls():
    assert is_server_url("postgresql://a@b/c") and is_server_url("postgres://a@b/c")
    assert not is_server_url("khalkhin.quaestio") and not is_server_url("C:\\data\\k.quaestio")
    assert not is_server_url(None)
