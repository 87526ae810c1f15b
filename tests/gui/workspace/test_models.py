"""Every item model of the workspace passes pytest-qt's model tester, and the big lists are lazy."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.store import queries, repo, requests, trash
from desktop.store.models import Archive, Question, Request
from desktop.ui.models.archives import archives_model
from desktop.ui.models.notes import NotesModel
from desktop.ui.models.question_parts import holdings_model, people_model, sources_model
from desktop.ui.models.questions import QuestionsModel
from desktop.ui.models.request_parts import attachments_model, events_model, letters_model, tracking_model
from desktop.ui.models.requests import DAYS_COLUMN, RequestsModel
from desktop.ui.models.table import ID_ROLE, ROW_ROLE
from desktop.ui.models.trash import trash_model
from tests.gui.workspace.conftest import TODAY
from tests.unit.store.factories import make


def _fetcher(project):
    return lambda ids: project.read(queries.request_rows, ids=ids)


def test_every_workspace_model_passes_the_model_tester(qtmodeltester, demo):
    questions = QuestionsModel()
    questions.set_rows(demo.read(queries.question_summaries, today=TODAY))
    qtmodeltester.check(questions)

    lazy = RequestsModel(_fetcher(demo), lambda: TODAY)
    lazy.set_ids(demo.read(queries.request_ids, today=TODAY))
    qtmodeltester.check(lazy)

    q1 = next(q for q in demo.read(queries.question_summaries) if q.code == "Q1")
    detail = demo.read(queries.question_detail, question_id=q1.id)
    for model, rows in (
        (holdings_model(), detail.holdings),
        (people_model(), detail.people),
        (sources_model(), detail.sources),
        (NotesModel(), demo.read(queries.note_summaries, question_id=q1.id)),
        (archives_model(), demo.read(queries.archive_summaries)),
    ):
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model)

    request_id = demo.read(queries.request_ids, filter=queries.RequestFilter(text="1187"))[0]
    rd = demo.read(queries.request_detail, request_id=request_id)
    for model, rows in (
        (events_model(), rd.events),
        (tracking_model(), rd.tracking_numbers),
        (letters_model(), rd.communications),
        (attachments_model(), []),
    ):
        model.set_rows(rows)
        qtmodeltester.check(model)

    demo.write(repo.soft_delete, entity=Question, id=q1.id)
    bin_ = trash_model()
    bin_.set_rows(demo.read(trash.trashed_items))
    assert bin_.rowCount() == 1
    qtmodeltester.check(bin_)


def test_empty_models_pass_too(qtmodeltester):
    for model in (QuestionsModel(), NotesModel(), holdings_model(), archives_model(), trash_model()):
        qtmodeltester.check(model)
    lazy = RequestsModel(lambda ids: [], lambda: TODAY)
    lazy.set_ids([])
    qtmodeltester.check(lazy)


def test_the_requests_model_reads_only_the_blocks_it_shows(qtmodeltester, project):
    question = make(project, Question)
    archive = make(project, Archive)
    for _ in range(250):
        make(project, Request, question_id=question.id, archive_id=archive.id)
    reads: list[int] = []

    def fetch(ids):
        reads.append(len(ids))
        return project.read(queries.request_rows, ids=ids)

    model = RequestsModel(fetch, lambda: TODAY)
    model.set_ids(project.read(queries.request_ids))
    assert model.rowCount() == 250 and model.cached_rows() == 0 and reads == []
    model.index(0, 1).data()
    assert reads == [100] and model.cached_rows() == 100
    assert model.index(249, 0).data() == question.code  # the end, without the middle
    assert reads == [100, 50] and model.cached_rows() == 150
    qtmodeltester.check(model)


def test_sorting_a_lazy_model_asks_for_sql_order(demo):
    asked = []
    model = RequestsModel(_fetcher(demo), lambda: TODAY)
    model.sorter = lambda key, descending: asked.append((key, descending))
    model.sort(model.column_named("Archive"), Qt.SortOrder.DescendingOrder)
    model.sort(model.column_named(DAYS_COLUMN), Qt.SortOrder.AscendingOrder)
    assert asked == [("archive", True), ("urgency", False)]


def test_days_left_and_the_overdue_badge(project):
    question = make(project, Question)
    archive = make(project, Archive)
    late = make(project, Request, question_id=question.id, archive_id=archive.id)
    project.write(requests.change_status, request_id=late.id, to_status="sent", on=date(2026, 9, 1))
    project.write(repo.update, entity=Request, id=late.id, values={"due_override": date(2026, 11, 16)})
    soon = make(project, Request, question_id=question.id, archive_id=archive.id)
    project.write(requests.change_status, request_id=soon.id, to_status="sent", on=date(2026, 11, 1))
    project.write(repo.update, entity=Request, id=soon.id, values={"due_override": date(2026, 11, 29)})
    model = RequestsModel(_fetcher(project), lambda: TODAY)
    model.set_ids(project.read(queries.request_ids, today=TODAY))
    column = model.column_named(DAYS_COLUMN)
    assert model.index(0, 0).data(ID_ROLE) == late.id  # overdue first
    assert model.index(0, column).data() == "overdue 10 d"
    assert model.index(0, column).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#c62828"
    assert model.index(1, column).data() == "3 days left"
    assert model.index(1, model.column_named("Due")).data() == "2026-11-29"
    assert model.index(1, 0).data(ROW_ROLE).id == soon.id


def test_the_questions_list_sees_the_models_rows_through_its_proxy(qtmodeltester, qtbot, demo):
    from PySide6.QtWidgets import QListView

    from desktop.ui.models.table import RowsProxy

    proxy = RowsProxy(QuestionsModel())
    rows = demo.read(queries.question_summaries, today=TODAY, sort="title")
    proxy.set_rows(rows)  # the model's own methods, on the proxy
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == len(rows) and proxy.columnCount() == len(proxy.columns)
    assert [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())] == rows  # never re-ordered
    assert proxy.row_of_id(rows[2].id) == 2 and proxy.id_at(2) == rows[2].id and proxy.row_at(2) == rows[2]
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setCurrentIndex(proxy.index(3, 0))
    assert view.currentIndex().data(ID_ROLE) == rows[3].id
    counts = queries.QuestionCounts(cities=("Moscow",), requests=7, open_requests=5, overdue_requests=1)
    proxy.fill_counts({rows[3].id: counts})  # dataChanged reaches the view
    assert view.currentIndex().data(ROW_ROLE).requests == 7
    assert view.currentIndex().data(ROW_ROLE).cities == ("Moscow",)
    proxy.set_rows(rows[:2])
    assert proxy.rowCount() == 2 and not view.currentIndex().isValid()
