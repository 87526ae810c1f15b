"""Each due date explains itself in the Requests view (tooltip on Due and Days left)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.main_window import MainWindow


def test_the_requests_view_explains_each_due_date(qtbot, paths, demo_path):
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(demo_path)
    window.show_page("Requests")  # the page reads its rows when shown
    model = window.requests_view.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    due, days = headers.index("Due"), headers.index("Days left")
    subject = headers.index("Subject")
    tips = {}
    for row in range(model.rowCount()):
        tip = model.index(row, due).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == model.index(row, days).data(Qt.ItemDataRole.ToolTipRole)
        tips[model.index(row, subject).data()] = tip
    foia = next(t for s, t in tips.items() if s.startswith("FOIA request: RG 263"))
    assert "20 working days from 2026-11-03" in foia and "Thanksgiving" in foia
    nids = next(t for s, t in tips.items() if "利用請求" in s and t)
    assert nids.startswith("Set by hand") or "set by hand" in nids
    window.close_project()
