"""`quaestio deadline` and `quaestio due`, run as a user runs them; the .ics file read back."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import icalendar
import pytest


def quaestio(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, timeout=120, check=False
    )


def one_line_error(result: subprocess.CompletedProcess[bytes], *phrases: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in lines[0], result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


@pytest.fixture
def demo_file(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "demo.quaestio"
    shutil.copyfile(demo_template, path)
    return path


def test_deadline_prints_the_due_date_and_why():
    result = quaestio("deadline", "--regime", "us-foia", "--start", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == (
        "due 2026-12-21: 20 working days from 2026-11-20 (the start date) under "
        "United States: Freedom of Information Act; skipped Thanksgiving Day 26 Nov"
    )
    extended = json.loads(
        quaestio(
            "deadline", "--regime", "us-foia", "--start", "2026-11-20", "--extended", "--format", "json"
        ).stdout
    )
    assert extended["due"] == "2027-01-06" and extended["days"] == 30
    assert [h["name"] for h in extended["holidays_skipped"]] == [
        "Thanksgiving Day",
        "Christmas Day",
        "New Year's Day",
    ]
    russian = quaestio("deadline", "--regime", "ru-archive-query", "--start", "2026-12-07").stdout.decode()
    assert russian.startswith("due 2027-01-11: 30 calendar days") and "New Year Holidays" in russian


def test_deadline_refuses_bad_input_in_one_line():
    one_line_error(
        quaestio("deadline", "--regime", "xx-none", "--start", "2026-11-20"), "unknown regime", "us-foia"
    )
    one_line_error(quaestio("deadline", "--regime", "us-foia", "--start", "26.11.2026"), "YYYY-MM-DD")


def test_deadline_can_use_a_projects_edited_regimes(demo_file):
    subprocess.run(
        ["sqlite3", str(demo_file), "update legal_regime set initial_days = 10 where code = 'us-foia'"],
        check=True,
    )
    result = quaestio("deadline", "--regime", "us-foia", "--start", "2026-11-20", "--project", str(demo_file))
    # 10 working days from Fri 2026-11-20: Nov 23 24 25 (3), 27 (4), 30 (5), Dec 1-4 (9), Mon Dec 7 (10).
    assert result.stdout.decode().startswith("due 2026-12-07: 10 working days"), result.stderr


def test_due_lists_overdue_and_due_soon_with_reasons(demo_file):
    table = quaestio("due", str(demo_file), "--today", "2026-11-26")
    assert table.returncode == 0, table.stderr
    text = table.stdout.decode()
    assert "2026-09-09  overdue by 78 days [long overdue]  RGASPI (Q2)  No. 2741-з" in text
    assert "due 2026-08-31: 30 calendar days from 2026-07-30" in text  # the Mongolian archive, and why
    assert "TsAMO (Q3)" in text and "NIDS-CMH" in text and "CIA" not in text  # CIA is due in 2027

    records = json.loads(quaestio("due", str(demo_file), "--today", "2026-11-26", "--format", "json").stdout)
    overdue = {r["archive"] for r in records if "overdue" in r["urgency"]}
    assert {"RGASPI", "TsAMO", "UTA"} <= overdue
    assert all(r["explanation"].startswith("due ") for r in records)
    wider = json.loads(
        quaestio("due", str(demo_file), "--today", "2026-11-26", "--within", "400", "--format", "json").stdout
    )
    assert any(r["archive"] == "CIA" and r["due"] == "2027-07-21" for r in wider)

    one_line_error(quaestio("due", str(demo_file), "--within", "-3"), "negative")
    one_line_error(quaestio("due", str(demo_file.with_name("missing.quaestio"))), "missing.quaestio")


def test_the_ics_file_is_valid_and_reads_back(demo_file, tmp_path, artifacts):
    out = tmp_path / "due.ics"
    result = quaestio("due", str(demo_file), "--today", "2026-11-26", "--format", "ics", "-o", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    shutil.copyfile(out, artifacts / "demo-due-dates.ics")

    # RFC 5545: CRLF line ends, at most 75 octets a line, never a UTF-8 character cut in two.
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))  # long lines were folded

    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    # Every upcoming or overdue due date is there (the CIA's, in 2027, too), UIDs from request ids.
    assert len(events) == 8
    by_summary = {str(e["SUMMARY"]): e for e in events.values()}
    rgaspi = next(e for s, e in by_summary.items() if s.startswith("Due: RGASPI (Q2)"))
    assert rgaspi.decoded("DTSTART") == date(2026, 9, 9)
    assert rgaspi.decoded("DTEND") == date(2026, 9, 10)
    description = str(rgaspi["DESCRIPTION"])
    assert description.startswith("due 2026-09-09: 30 calendar days from 2026-08-10")
    assert "Tracking number: 2741-з\nSent: 2026-08-04" in description
    # Commas and semicolons survive escaping.
    assert any("(ф. 558, оп. 11; ф. 17, оп. 162)" in s for s in by_summary)
    assert all(uid.endswith("@quaestio") and len(uid) == len("@quaestio") + 36 for uid in events)
    assert str(calendar["X-WR-CALNAME"]).startswith("Khalkhin Gol")

    # Exported twice, the UIDs stay the same (a calendar updates instead of duplicating).
    again = quaestio("due", str(demo_file), "--today", "2026-11-26", "--format", "ics").stdout
    assert {str(e["UID"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")} == set(events)
