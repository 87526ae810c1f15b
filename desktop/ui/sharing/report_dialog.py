"""The merge report: what came from whom, how each conflict was settled, and Undo merge."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

MAX_LISTED = 200  # a merge of thousands of records lists the first ones and counts the rest

SECTIONS = (
    ("added", "Added"),
    ("changed", "Changed"),
    ("deleted", "Moved to the Trash"),
    ("restored", "Restored (deleted on one side, edited on the other)"),
    ("kept", "Kept"),
    ("conflict copy", "Notes kept in both versions"),
    ("skipped", "Not added"),
)
CHOICES = {"mine": "kept mine", "theirs": "took theirs", "both": "both kept (conflict copy note)"}


def report_html(report: Any) -> str:
    """The report as HTML for the dialog (and for a screenshot a person can read)."""
    from desktop.store.history import display_value
    from desktop.store.merge_report import local_time

    e = html.escape
    parts = [
        f"<h2>Merged {e(report.source_name)}</h2>",
        f"<p><b>{e(report.summary())}</b></p>",
        f"<p>Merged by {e(report.merged_by)} on {e(local_time(report.merged_at))}. Your project as it was "
        f"before is kept in a checked backup:<br><code>{e(report.backup)}</code></p>",
    ]
    by_author = report.by_author()
    if by_author:
        parts.append("<h3>By author</h3><table cellspacing='0' cellpadding='3'>")
        for author, counts in sorted(by_author.items()):
            summary = ", ".join(f"{n} {a}" for a, n in sorted(counts.items()))
            parts.append(f"<tr><td><b>{e(author)}</b></td><td>{e(summary)}</td></tr>")
        parts.append("</table>")
    if report.conflicts:
        parts.append(
            "<h3>Conflicts</h3><table border='1' cellspacing='0' cellpadding='4' width='100%'>"
            "<tr><th>Record</th><th>Field</th><th>Mine</th><th>Theirs</th><th>Resolution</th></tr>"
        )
        for resolved in report.conflicts:
            c = resolved.conflict
            choice = CHOICES.get(resolved.choice) or f"edited to “{display_value(resolved.result, limit=80)}”"
            parts.append(
                f"<tr><td>{e(c.record)}</td><td>{e(c.field_label)}</td>"
                f"<td>{e(display_value(c.mine, limit=80))}<br><small>{e(c.mine_by)}, "
                f"{e(local_time(c.mine_at))}</small></td>"
                f"<td>{e(display_value(c.theirs, limit=80))}<br><small>{e(c.theirs_by)}, "
                f"{e(local_time(c.theirs_at))}</small></td><td>{e(choice)}</td></tr>"
            )
        parts.append("</table>")
    for action, title in SECTIONS:
        items = [i for i in report.items if i.action == action]
        if not items:
            continue
        parts.append(f"<h3>{e(title)} ({len(items)})</h3><ul>")
        for item in items[:MAX_LISTED]:
            what = item.record + (f" — {item.field_label}" if item.field else "")
            detail = f": {item.detail}" if item.detail else ""
            parts.append(
                f"<li>{e(what)}{e(detail)} <small>({e(item.author)}, {e(local_time(item.at))})</small></li>"
            )
        if len(items) > MAX_LISTED:
            parts.append(f"<li>… and {len(items) - MAX_LISTED} more (Save report… lists them all)</li>")
        parts.append("</ul>")
    return "".join(parts)


class MergeReportDialog(QDialog):
    def __init__(
        self, report: Any, *, on_undo: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mergeReportDialog")
        self.report = report
        self.setWindowTitle(f"Merge report: {report.source_name}")
        self.resize(860, 640)
        self.browser = QTextBrowser()
        self.browser.setObjectName("mergeReport")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(report_html(report))
        note = QLabel(
            "Undo merge (also in the Edit menu) puts your project back as it was before this merge."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton("Save report…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(lambda: self.save())
        self.undo_button = self.buttons.addButton("Undo merge", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.undo_button.setVisible(on_undo is not None and bool(report.merge_id))
        if on_undo is not None:
            self.undo_button.clicked.connect(lambda: (self.accept(), on_undo()))
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def save(self, target: Path | None = None) -> Path | None:
        """Write the report as Markdown (or JSON, for a .json name)."""
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                "Save the merge report",
                str(Path.home() / f"Merge report {self.report.source_name}.md"),
                "Markdown (*.md);;JSON (*.json);;All files (*)",
            )
            if not name:
                return None
            target = Path(name)
        text = self.report.to_json() if target.suffix == ".json" else self.report.to_markdown()
        target.write_text(text, encoding="utf-8")
        return target


__all__ = ["MergeReportDialog", "report_html"]
