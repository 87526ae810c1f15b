"""The tabs of the question pane: where to look (holdings with their references), people, sources."""

from __future__ import annotations

from html import escape
from typing import Any

from desktop.ui.models.labels import LIKELIHOOD_LABELS
from desktop.ui.models.table import Column, RowsModel


def _references(h: Any) -> str:
    return "\n".join(r.label for r in h.references)


HOLDING_COLUMNS: list[Column[Any]] = [
    Column("Archive", lambda h: h.archive, tooltip=lambda h: h.archive_name),
    Column("City", lambda h: h.city),
    Column("Likelihood", lambda h: LIKELIHOOD_LABELS.get(h.likelihood, h.likelihood)),
    Column(
        "Refs", lambda h: len(h.references) or "", tooltip=lambda h: _references(h) or None, align_right=True
    ),
    Column("Expected records", lambda h: h.expected, tooltip=lambda h: h.expected or None),
]


def holding_html(h: Any) -> str:
    """The selected holding in full: why there, what we expect, the references with their titles."""
    rows = "".join(
        f"<li><b>{escape(r.label)}</b>"
        + (f" — {escape(r.title)}" if r.title and r.title != r.label else "")
        + (f" ({escape(r.dates)})" if r.dates else "")
        + (f" <i>[{escape(r.access)}]</i>" if r.access and r.access != "unknown" else "")
        + "</li>"
        for r in h.references
    )
    return (
        f"<p><b>{escape(h.archive_name or h.archive)}</b>, {escape(h.city)} · likelihood "
        f"<b>{LIKELIHOOD_LABELS.get(h.likelihood, h.likelihood).lower()}</b></p>"
        f"<p><b>Why there:</b> {escape(h.rationale) or '—'}</p>"
        f"<p><b>Expected records:</b> {escape(h.expected) or '—'}</p>"
        + (
            f"<p><b>Archival references</b></p><ul>{rows}</ul>"
            if rows
            else "<p>No archival references yet.</p>"
        )
    )


PEOPLE_COLUMNS: list[Column[Any]] = [
    Column("Name", lambda p: p.name),
    Column("Original script", lambda p: p.name_original),
    Column("Role", lambda p: p.role, tooltip=lambda p: p.role or None),
]

SOURCE_COLUMNS: list[Column[Any]] = [
    Column("Citation", lambda s: s.citation, tooltip=lambda s: s.citation_original or s.citation),
    Column("Year", lambda s: s.year or "", align_right=True),
    Column("Pages", lambda s: s.pages),
    Column("Note", lambda s: s.note, tooltip=lambda s: s.note or None),
]


def holdings_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(HOLDING_COLUMNS, parent=parent)


def people_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(PEOPLE_COLUMNS, id_of=lambda p: p.link_id, parent=parent)


def sources_model(parent: Any = None) -> RowsModel[Any]:
    return RowsModel(SOURCE_COLUMNS, id_of=lambda s: s.link_id, parent=parent)
