"""The merge report: what a merge added, changed, deleted, restored and how each conflict was
settled, per author. Kept as JSON in the project's `merge_record` and shown after merging."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.store import history
from desktop.store.merge_plan import Conflict


@dataclass(frozen=True)
class ReportItem:
    action: str  # added, changed, deleted, restored, kept, conflict, conflict copy, skipped
    table: str
    row_id: str
    record: str
    field: str | None
    author: str
    at: datetime | None
    detail: str = ""

    @property
    def field_label(self) -> str:
        return history.field_label(self.field)


@dataclass(frozen=True)
class ResolvedConflict:
    conflict: Conflict
    choice: str  # mine, theirs, edit, both (note conflict copy)
    result: Any


@dataclass(frozen=True)
class MergeReport:
    """What a merge did, for the user: kept in the project (merge_record) and shown after merging."""

    merge_id: str
    source_name: str
    merged_at: datetime
    merged_by: str
    backup: str
    imported_changes: int
    items: list[ReportItem]
    conflicts: list[ResolvedConflict]

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    def by_author(self) -> dict[str, Counter[str]]:
        result: dict[str, Counter[str]] = defaultdict(Counter)
        for item in self.items:
            result[item.author][item.action] += 1
        return dict(result)

    def summary(self) -> str:
        """'Merged X: 1 added, 3 changed, 2 conflicts decided.' (only what happened)."""
        parts = [
            f"{n} {label}"
            for action, label in (
                ("added", "added"),
                ("changed", "changed"),
                ("deleted", "moved to the Trash"),
                ("restored", "restored"),
                ("conflict copy", "note(s) kept in both versions"),
            )
            if (n := self.count(action))
        ]
        decided = sum(1 for c in self.conflicts if c.choice != "both")
        if decided:
            parts.append(f"{decided} conflict{'s' if decided != 1 else ''} decided")
        return f"Merged {self.source_name}: {', '.join(parts) if parts else 'nothing new'}."

    def to_json(self) -> str:
        return json.dumps(_plain_data(self), default=_json_default, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> MergeReport:
        data = json.loads(text)
        data["merged_at"] = datetime.fromisoformat(data["merged_at"])
        data["items"] = [ReportItem(**_dates(i, "at")) for i in data["items"]]
        data["conflicts"] = [
            ResolvedConflict(
                Conflict(**_dates(c["conflict"], "mine_at", "theirs_at")), c["choice"], c["result"]
            )
            for c in data["conflicts"]
        ]
        return cls(**data)

    def to_markdown(self) -> str:
        """The report as Markdown text (for `--report FILE` and "Save report")."""
        lines = [
            f"# Merge of {self.source_name}",
            "",
            f"Merged by {self.merged_by} on {local_time(self.merged_at)}. A backup of the project as it was "
            f"before is at `{self.backup}`.",
            "",
            self.summary(),
            "",
            "## By author",
            "",
        ]
        for author, counts in sorted(self.by_author().items()):
            lines.append(f"- **{author}**: " + ", ".join(f"{n} {a}" for a, n in sorted(counts.items())))
        if self.conflicts:
            lines += ["", "## Conflicts", ""]
            for rc in self.conflicts:
                c = rc.conflict
                lines.append(
                    f"- {c.record}, {c.field_label}: mine “{history.display_value(c.mine)}” "
                    f"({c.mine_by}, {local_time(c.mine_at)}), theirs “{history.display_value(c.theirs)}” "
                    f"({c.theirs_by}, {local_time(c.theirs_at)}) → {_choice_text(rc)}"
                )
        for action, title in (
            ("added", "Added"),
            ("changed", "Changed"),
            ("deleted", "Moved to the Trash"),
            ("restored", "Restored"),
            ("kept", "Kept"),
            ("conflict copy", "Conflict copies"),
            ("skipped", "Not added"),
        ):
            items = [i for i in self.items if i.action == action]
            if not items:
                continue
            lines += ["", f"## {title}", ""]
            for item in items:
                what = f"{item.record}" + (f", {item.field_label}" if item.field else "")
                detail = f": {item.detail}" if item.detail else ""
                lines.append(f"- {what}{detail} ({item.author}, {local_time(item.at)})")
        return "\n".join(lines) + "\n"


def _choice_text(rc: ResolvedConflict) -> str:
    return {
        "mine": "kept mine",
        "theirs": "took theirs",
        "edit": f"edited to “{history.display_value(rc.result)}”",
        "both": "both kept (conflict copy note)",
    }.get(rc.choice, rc.choice)


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return "time unknown"
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return f"{aware.astimezone():%Y-%m-%d %H:%M}"


def _plain_data(value: Any) -> Any:
    """Dataclasses as dicts, without `asdict`'s deep copies (a report can hold 10,000s of items)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Counter):
        return dict(value)
    raise TypeError(type(value).__name__)


def _dates(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: (datetime.fromisoformat(v) if k in names and v else v) for k, v in data.items()}
