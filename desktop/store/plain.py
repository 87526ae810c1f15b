"""Column values read by plain SQL, made what the models would have made of them.

The reads that run at every open (the questions list, the first question, its notes; issue 8)
skip SQLAlchemy's statement compiler and type processing, so the conversions those would do are
here: timestamps aware and in UTC, JSON columns decoded, text as str. A copy written by another
program may hold anything in a column; what does not convert reads as empty, never as an error.
Nothing here imports SQLAlchemy (`first_look` runs before it is loaded) except `when`'s last
resort for a timestamp in a format of its own.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def when(value: Any) -> datetime | None:
    """A timestamp as the models read it (SQLModel's UTCDateTime): aware, in UTC. SQLite holds
    ISO text without an offset (UTC), PostgreSQL gives aware datetimes."""
    if value is None:
        return None
    if isinstance(value, str):
        try:  # as SQLAlchemy writes it: ~10x faster than parsing, then .replace(tzinfo=UTC)
            parsed = datetime.fromisoformat(value + "+00:00")
            if parsed.tzinfo is not None:  # not a date alone ("2024-01-01+00:00" reads as 00:00)
                return parsed
        except ValueError:
            pass  # an offset of its own, or not ISO: below
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:  # not ISO (written by another program): SQLAlchemy's own parser decides
            from sqlalchemy.dialects.sqlite import DATETIME
            from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

            value = DATETIME().result_processor(SQLiteDialect_pysqlite(), None)(value)  # type: ignore[misc]
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


def json_value(value: Any, kind: type[list[Any]] | type[dict[str, Any]]) -> Any:
    """A JSON column's list or dict: text on SQLite, decoded by psycopg. A value a copy made by
    another program left unreadable (or of another shape) reads as empty, never as an error."""
    if isinstance(value, str | bytes):
        if value in ("[]", "{}", ""):
            return kind()
        try:
            value = json.loads(value)
        except ValueError:
            return kind()
    return value if isinstance(value, kind) else kind()


def tags(value: Any) -> tuple[str, ...]:
    """A tags column (a JSON list of strings) as a tuple."""
    if value == "[]":  # most rows: no decoding
        return ()
    return tuple(str(tag) for tag in json_value(value, list))


def text(value: Any) -> str:
    """TEXT as str. The connections decode invalid UTF-8 (`engine.decode_text`), but a copy written
    by another program may hold a BLOB where text belongs, which comes back as bytes: the list's
    delegate crashed painting it (issue 8 review). Decoded the same way, U+FFFD for bad bytes."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)
