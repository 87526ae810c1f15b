"""Edits that could not reach the team server, kept in a local recovery file (no Qt).

When the connection drops while someone edits, each refused edit is kept in memory, retried when
the server answers again, and written at once to `<data dir>/recovery/<server>-<db>.json`, so
even a crash or a closed window loses nothing: the next connection to that database offers them
back. The file holds the row, the fields typed, the version the edit was based on (so a replay
still detects an edit made by someone else meanwhile) and when it was typed.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

FORMAT = "quaestio-recovery"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class PendingEdit:
    """One edit the server has not got yet."""

    table: str
    row_id: str
    values: dict[str, Any]
    expected_version: int | None = None
    label: str = ""  # "Edit title of Q2", shown when offering the edits back
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def recovery_folder(data_dir: Path) -> Path:
    return data_dir / "recovery"


def _safe(text: str) -> str:
    return re.sub(r"[^\w.@-]+", "_", text).strip("_") or "server"


def recovery_file(data_dir: Path, address: Any) -> Path:
    """`<data dir>/recovery/<user>@<host>_<port>-<database>.json` (a socket folder made safe)."""
    server = _safe(f"{address.user}@{address.host}_{address.port}")
    return recovery_folder(data_dir) / f"{server}-{_safe(address.database)}.json"


def _plain(value: Any) -> Any:
    """Dates survive the round trip as tagged text."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return date.fromisoformat(value["$date"])
        if set(value) == {"$datetime"}:
            return datetime.fromisoformat(value["$datetime"])
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def save_pending(path: Path, address_text: str, edits: list[PendingEdit]) -> None:
    """Write (atomically) or, with no edits left, remove the recovery file."""
    if not edits:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "server": address_text,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "edits": [{**asdict(e), "values": _plain(e.values)} for e in edits],
    }
    fd, tmp = tempfile.mkstemp(prefix=".recovery.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_pending(path: Path) -> list[PendingEdit]:
    """The edits in a recovery file; an unreadable file gives none (and is left for a person)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return []
    found: list[PendingEdit] = []
    for item in data.get("edits") or []:
        try:
            found.append(
                PendingEdit(
                    table=str(item["table"]),
                    row_id=str(item["row_id"]),
                    values=_typed(dict(item["values"])),
                    expected_version=item.get("expected_version"),
                    label=str(item.get("label") or ""),
                    at=str(item.get("at") or ""),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found


def merge_pending(edits: list[PendingEdit], edit: PendingEdit) -> list[PendingEdit]:
    """Add an edit; a later edit of the same fields of a row replaces the earlier value but keeps
    the version the first one was based on (that is what the user last saw from the server)."""
    result: list[PendingEdit] = []
    base = edit.expected_version
    for old in edits:
        if (old.table, old.row_id) == (edit.table, edit.row_id) and set(old.values) <= set(edit.values):
            base = old.expected_version if old.expected_version is not None else base
            continue
        result.append(old)
    result.append(PendingEdit(edit.table, edit.row_id, dict(edit.values), base, edit.label, edit.at))
    return result


__all__ = ["PendingEdit", "load_pending", "merge_pending", "recovery_file", "save_pending"]
