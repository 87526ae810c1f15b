"""`make install-desktop`: the menu entry, icons and the .quaestio file type for one user, checked
the way a desktop finds them (the MIME database that file managers and Qt read)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from desktop import APP_ID
from tests.packaging.helpers import PACKAGING, REPO, tool

MIME_PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QMimeDatabase
app = QCoreApplication([])
database = QMimeDatabase()
for name in sys.argv[1:]:
    print(database.mimeTypeForFile(name).name())
"""


def install(prefix: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PACKAGING / "install_desktop.py"), "--prefix", str(prefix), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def mime_types(share: Path, *files: Path) -> list[str]:
    """What Qt's MIME database (shared-mime-info, as file managers use it) says of each file."""
    env = {**os.environ, "XDG_DATA_HOME": str(share), "XDG_DATA_DIRS": "/usr/local/share:/usr/share"}
    result = subprocess.run(
        [sys.executable, "-c", MIME_PROBE, *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    return result.stdout.split()


def sample_files(folder: Path, demo_path: Path) -> tuple[Path, Path, Path]:
    """A project under a neutral name (only its header says what it is), an empty file named
    *.quaestio (only its name does), and some other SQLite database."""
    disguised = folder / "project-copy.bin"
    shutil.copyfile(demo_path, disguised)
    named = folder / "empty.quaestio"
    named.write_bytes(b"")
    other = folder / "other.bin"
    with sqlite3.connect(other) as connection:
        connection.execute("create table t (x)")
    connection.close()
    return disguised, named, other


def test_installs_entry_icons_and_file_type_then_uninstalls(tmp_path, demo_path):
    share = tmp_path / "share"
    program = tmp_path / "Program Files" / "quaestio"  # a space: Exec needs quoting
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    disguised, named, other = sample_files(tmp_path, demo_path)
    assert mime_types(share, disguised, named, other)[0] != "application/x-quaestio"  # not yet known

    result = install(share, "--exec", str(program))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    entry = share / "applications" / f"{APP_ID}.desktop"
    validated = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert validated.returncode == 0 and validated.stdout == "", validated.stdout
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{program}" %f' in text.splitlines()
    assert f'TryExec="{program}"' in text.splitlines()
    for size in (16, 32, 48, 128, 256):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()

    assert mime_types(share, disguised, named, other) == [
        "application/x-quaestio",
        "application/x-quaestio",
        "application/vnd.sqlite3",
    ]
    # update-desktop-database made Quaestio the handler, so a double click opens the project in it
    if shutil.which("update-desktop-database"):
        handlers = (share / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"application/x-quaestio={APP_ID}.desktop;" in handlers.splitlines()

    removed = install(share, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists() and not (share / "mime" / "packages" / f"{APP_ID}.xml").exists()
    assert mime_types(share, disguised)[0] != "application/x-quaestio"


def test_a_program_that_is_not_there_is_refused_before_anything_is_written(tmp_path):
    result = install(tmp_path / "share", "--exec", str(tmp_path / "nowhere" / "quaestio"))
    assert result.returncode == 2
    assert "not an executable program" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "share").exists()


def test_make_install_desktop_uses_the_checkouts_quaestio(isolated_home):
    """The Makefile target, into the test's own XDG_DATA_HOME (conftest points it at tmp_path)."""
    result = subprocess.run(
        # -o: treat the venv as up to date; this test must not reinstall packages
        [tool("make"), "--no-print-directory", "-o", ".venv/.installed-stamp", "install-desktop"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    share = Path(os.environ["XDG_DATA_HOME"])
    assert share.is_relative_to(isolated_home)
    entry = (share / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={REPO / '.venv' / 'bin' / 'quaestio'} %f" in entry.splitlines()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
