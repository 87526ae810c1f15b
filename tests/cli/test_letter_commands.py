"""`quaestio export-letter`, run as a user runs it: a subprocess, real files, exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.letters.helpers import HELEN, normalise


def quaestio(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


@pytest.fixture
def profile() -> Path:
    """The researcher profile in the settings of the data folder the subprocess uses."""
    config = Path(os.environ["QUAESTIO_DATA_DIR"]) / "config" / "config.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps({"researcher": HELEN.__dict__}, ensure_ascii=False), encoding="utf-8")
    return config


def _request_id(path: Path, archive: str, status: str | None = None) -> str:
    con = sqlite3.connect(path)
    query = "SELECT r.id FROM request r JOIN archive a ON a.id = r.archive_id WHERE a.identifier = ?"
    args: tuple[str, ...] = (archive,)
    if status:
        query += " AND r.status = ?"
        args += (status,)
    (request_id,) = con.execute(query + " ORDER BY r.created_at", args).fetchone()
    con.close()
    return request_id


def test_one_request_as_pdf_is_written_and_recorded(demo_path, tmp_path, profile):
    request_id = _request_id(demo_path, "SPbF ARAN", "draft")
    out = tmp_path / "letters"
    result = quaestio(
        "export-letter",
        str(demo_path),
        "--request",
        request_id[:8],
        "--format",
        "pdf",
        "--out",
        str(out),
        "--date",
        "2026-11-26",
    )
    assert result.returncode == 0, result.stderr
    (pdf,) = out.iterdir()
    assert result.stdout.strip() == f"wrote {pdf}"
    assert pdf.name.startswith("2026-11-26 SPbF ARAN – archival query – Запрос о документах")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "26 ноября 2026 г." in text and "Директору СПбФ АРАН" in text
    con = sqlite3.connect(demo_path)
    status, body, language, dated = con.execute(
        "SELECT r.status, c.body, c.language, c.dated_on FROM request r JOIN communication c "
        "ON c.request_id = r.id WHERE r.id = ? AND c.direction = 'out'",
        (request_id,),
    ).fetchone()
    assert status == "ready" and language == "ru" and dated == "2026-11-26"
    assert normalise(body) == normalise(text)


def test_all_drafts_as_text_then_nothing_left(demo_path, tmp_path, profile):
    out = tmp_path / "drafts"
    con = sqlite3.connect(demo_path)
    (drafts,) = con.execute("SELECT count(*) FROM request WHERE status = 'draft'").fetchone()
    con.close()
    first = quaestio("export-letter", str(demo_path), "--all-drafts", "--format", "txt", "--out", str(out))
    assert first.returncode == 0, first.stderr
    files = sorted(out.iterdir())
    assert len(files) == drafts >= 4
    assert all(f.read_text(encoding="utf-8").strip() for f in files)
    again = quaestio("export-letter", str(demo_path), "--all-drafts", "--format", "txt", "--out", str(out))
    assert again.returncode == 0 and "no draft requests" in again.stdout


def test_a_follow_up_in_docx(demo_path, tmp_path, profile):
    request_id = _request_id(demo_path, "RGANI")
    result = quaestio(
        "export-letter",
        str(demo_path),
        "--request",
        request_id,
        "--format",
        "docx",
        "--out",
        str(tmp_path / "o"),
        "--kind",
        "follow_up",
    )
    assert result.returncode == 0, result.stderr
    import docx

    (path,) = (tmp_path / "o").iterdir()
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "ПОВТОРНОЕ ОБРАЩЕНИЕ" in text and "59-ФЗ" in text


def test_an_empty_profile_is_one_line_pointing_to_preferences(demo_path, tmp_path):
    result = quaestio(
        "export-letter", str(demo_path), "--all-drafts", "--format", "pdf", "--out", str(tmp_path)
    )
    assert_one_line_error(
        result, "Fill in your researcher profile in Preferences", "full name", "config.json"
    )


def test_bad_input_is_one_line(demo_path, tmp_path, profile):
    rgva = _request_id(demo_path, "RGVA")
    assert_one_line_error(
        quaestio(
            "export-letter",
            str(demo_path),
            "--request",
            "ffffffff",
            "--format",
            "txt",
            "--out",
            str(tmp_path),
        ),
        "No request has an id starting with 'ffffffff'",
    )
    assert_one_line_error(
        quaestio(
            "export-letter",
            str(demo_path),
            "--request",
            rgva,
            "--format",
            "eml",
            "--out",
            str(tmp_path / "m"),
        ),
        "RGVA has no e-mail address",
    )
    assert_one_line_error(
        quaestio(
            "export-letter",
            str(demo_path),
            "--request",
            rgva,
            "--format",
            "txt",
            "--out",
            str(tmp_path),
            "--date",
            "26.11.2026",
        ),
        "not a date",
    )
    assert_one_line_error(
        quaestio("export-letter", str(demo_path), "--format", "txt", "--out", str(tmp_path)),
        "one of the arguments --request --all-drafts is required",
    )
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert_one_line_error(
        quaestio("export-letter", str(demo_path), "--all-drafts", "--format", "txt", "--out", str(a_file)),
        "is a file, not a folder",
    )
    assert not list((tmp_path).glob("*.part*"))
