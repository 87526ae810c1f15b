"""A temporary PostgreSQL cluster for the tests: `initdb` + `pg_ctl` in a temp folder.

The cluster listens on a Unix socket in its own folder and on a free loopback port (password
authentication there, trust on the socket). PostgreSQL refuses to run as root, so when the tests
run as root the server runs as the `postgres` user (`runuser`), and the folder belongs to it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

from desktop.store.server.address import ServerAddress

BIN_DIRS = [Path(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
SUPERUSER = "postgres"
PASSWORD = "quaestio-test-password"
INSTALL_HINT = (
    "PostgreSQL is not installed; `make test` installs it as root (tools/system-packages.sh), or: "
    "sudo apt-get install -y postgresql postgresql-contrib"
)


def _binary(name: str) -> str:
    for folder in BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(INSTALL_HINT)
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """One throw-away cluster. `start()`, `kill()` (crash), `stop()`, `remove()`."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="quaestio-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self._as_root = os.geteuid() == 0
        self._names = itertools.count(1)
        self.socket_dir.mkdir()
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._as_root:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
            shutil.chown(self.socket_dir, SUPERUSER, SUPERUSER)
            shutil.chown(pwfile, SUPERUSER, SUPERUSER)
        self._run(
            _binary("initdb"),
            "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8",
            "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "--no-sync",
        )  # fmt: skip
        pwfile.unlink()

    def _run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        command = ["runuser", "-u", SUPERUSER, "--", *argv] if self._as_root else list(argv)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout}{result.stderr}{log}")
        return result

    def _watchdog(self) -> None:
        """A killed test run cannot remove its cluster: a small shell loop does it once we are gone."""
        stop = " ".join(
            (["runuser", "-u", SUPERUSER, "--"] if self._as_root else [])
            + [_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
        )
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
            f"{stop} >/dev/null 2>&1; rm -rf {self.root}"
        )
        subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._watched = True

    def start(self) -> None:
        if not getattr(self, "_watched", False):
            self._watchdog()
        options = (
            f"-k {self.socket_dir} -p {self.port} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def kill(self) -> None:
        """Stop like a crash: no shutdown checkpoint; the next start replays the WAL."""
        self.stop("immediate")

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # --- databases ----------------------------------------------------------------------

    def address(self, database: str, *, tcp: bool = False, user: str = SUPERUSER) -> ServerAddress:
        """Socket (trust) by default; `tcp=True` uses the loopback port with password auth."""
        host = "127.0.0.1" if tcp else str(self.socket_dir)
        return ServerAddress(host=host, port=self.port, database=database, user=user, sslmode="disable")

    def admin(self, sql: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run one statement as the superuser (autocommit) and return its rows."""
        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as con:
            cur = con.execute(sql)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []

    def new_database(self, *, template: str | None = None, prefix: str = "t") -> str:
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else " TEMPLATE template0")
        )
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
