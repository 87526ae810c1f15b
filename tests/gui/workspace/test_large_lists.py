"""Large projects: the questions list shows before its counts, and the requests list sorted by due
date reads its ids a page at a time, with the same rows, order and selection as the full read."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.store import deadlines, queries
from desktop.store.models import Request
from desktop.ui.main_window import MainWindow
from desktop.ui.overview import DeadlinesFeature
from desktop.ui.overview import page as overview_page
from desktop.ui.workspace import questions_pane
from tests.gui.workspace.conftest import TODAY, open_window, shot
from tests.unit.store.factories import make


def test_on_a_large_project_the_counts_follow_the_list(qtbot, paths, demo_path, monkeypatch, artifacts):
    monkeypatch.setattr(questions_pane, "COUNT_LATER_FROM", 0)  # the demo counts as large
    window = open_window(qtbot, paths, demo_path)
    model = window.workspace.questions.model
    expected = {q.id: q for q in window.project.read(queries.question_summaries, today=TODAY)}
    assert model.rowCount() == len(expected)
    qtbot.waitUntil(lambda: all(model.row_at(r).counted for r in range(model.rowCount())), timeout=10_000)
    assert {model.id_at(r): model.row_at(r) for r in range(model.rowCount())} == expected
    requests = model.COLUMNS.index("Requests")
    busy = next(r for r in range(model.rowCount()) if model.row_at(r).requests)
    row = model.row_at(busy)
    assert model.index(busy, requests).data() == f"{row.open_requests} open / {row.requests}"
    assert model.index(busy, model.COLUMNS.index("Where")).data() == " · ".join(row.cities)
    shot(window, artifacts, "large-questions-counted")
    window.close()


def test_the_uncounted_list_says_so_until_counted(demo):
    rows = demo.read(queries.question_summaries, today=TODAY, counts=False)
    assert rows and not any(r.counted or r.requests or r.cities for r in rows)
    assert [r.id for r in rows] == [r.id for r in demo.read(queries.question_summaries, today=TODAY)]
    by_open = demo.read(queries.question_summaries, today=TODAY, sort="open", counts=False)
    assert all(r.counted for r in by_open)  # a sort by counts needs them


def test_the_requests_list_by_due_date_is_read_in_pages(qtbot, paths, demo_path):
    window = open_window(qtbot, paths, demo_path)
    project = window.project
    question = project.read(queries.question_summaries, today=TODAY)[0]
    archive_id = project.read(queries.request_rows, ids=project.read(queries.request_ids, today=TODAY)[:1])[
        0
    ].archive_id
    for n in range(230):  # more than two blocks of 100
        make(project, Request, question_id=question.id, archive_id=archive_id, subject=f"Bulk {n}")
    window.show_page("Requests")
    view, model = window.requests_view.view, window.requests_view.model
    qtbot.waitUntil(lambda: model.rowCount() > 230)
    every = project.read(queries.request_ids, sort="due", today=TODAY)
    view.sortByColumn(model.column_named("Due"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == len(every)
    assert model.cached_rows() <= 2 * model.BLOCK  # not every row was read
    view.scrollToBottom()
    assert model.id_at(len(every) - 1) == every[-1]
    assert [model.id_at(r) for r in range(len(every))] == every  # same order as the full read
    # the selection survives a re-sort, and finding a row by id works before its page is read
    view.selectRow(len(every) - 5)
    chosen = window.requests_view.selected_request_ids()
    assert chosen == [every[-5]]
    view.sortByColumn(model.column_named("Question"), Qt.SortOrder.AscendingOrder)
    view.sortByColumn(model.column_named("Due"), Qt.SortOrder.AscendingOrder)
    model.forget_rows()
    assert window.requests_view.selected_request_ids() == chosen
    assert model.row_of_id(every[150]) == 150
    assert "shown" in window.requests_view.count.text()
    window.close()


def test_the_overview_lists_the_first_rows_and_says_how_many_more(
    qtbot, paths, demo_path, monkeypatch, artifacts
):

    monkeypatch.setattr(overview_page, "ROWS_SHOWN", 2)
    window = MainWindow(paths)
    qtbot.addWidget(window)
    feature = window.findChild(DeadlinesFeature)
    feature.clock = lambda: TODAY
    window.resize(1440, 900)
    window.show()
    with qtbot.waitSignal(feature.page.loaded, timeout=10_000):
        assert window.open_project(demo_path)
    page = feature.page
    due = page.data.due
    assert len(due) == 2 and page.data.due_total > 2  # only the rows shown are read
    every = window.project.read(deadlines.due_items, today=TODAY, within=7)
    assert page.data.due_total == len(every) and [i.request_id for i in every[:2]] == [
        i.request_id for i in due
    ]
    table = page.due_table
    assert table.rowCount() == 3
    assert [table.item(r, 4).text() for r in range(2)] == [item.tracking_number for item in every[:2]]
    assert table.item(2, 0).text().startswith(f"… and {len(every) - 2} more")
    assert "overdue" in page.summary.text() and str(page.data.overdue) in page.summary.text()
    page.grab().save(str(artifacts / "overview-rows-capped.png"))
    window.close_project()
