"""iCalendar (RFC 5545) files of due dates, for a calendar application. No Qt, no database.

One all-day VEVENT per due date; the UID comes from the request id, so importing the file again
updates the events instead of duplicating them. Lines end in CRLF and are folded at 75 octets
without splitting a UTF-8 character; text values are escaped (RFC 5545 §3.1, §3.3.11).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from desktop import APP_NAME, __version__

MAX_OCTETS = 75


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    day: date
    summary: str
    description: str = ""
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> list[bytes]:
    """A content line as physical lines of at most 75 octets; continuations start with a space."""
    pieces: list[bytes] = []
    current = b""
    limit = MAX_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current)
            current = b" "
            limit = MAX_OCTETS
        current += encoded
    pieces.append(current)
    return pieces


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(entries: Iterable[CalendarEntry], *, name: str, now: datetime) -> bytes:
    """The whole .ics file as bytes (UTF-8, CRLF)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{APP_NAME}//{APP_NAME} {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART;VALUE=DATE:{entry.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(entry.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(entry.summary)}",
        ]
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        if entry.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in entry.categories))
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return b"".join(piece + b"\r\n" for line in lines for piece in fold(line))
