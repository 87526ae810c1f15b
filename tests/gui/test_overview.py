"""The overview (home page), its banner, the timeline, Tools > Legal regimes… and due dates set by
hand, on the demo project as of 26 November 2026. Screenshots go to the artifacts folder."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QTextLayout
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from desktop.store import deadlines, repo
from desktop.store.models import Archive, LegalRegime, Request
from desktop.ui.main_window import MainWindow
from desktop.ui.overview import PAGE_NAME, DeadlinesFeature
from desktop.ui.overview.banner import banner_text
from desktop.ui.overview.timeline import OVERDUE_COLOUR, STATUS_COLOURS, TODAY_COLOUR

TODAY = date(2026, 11, 26)


@pytest.fixture
def opened(qtbot, paths, demo_path):
    window = MainWindow(paths)
    qtbot.addWidget(window)
    feature = window.findChild(DeadlinesFeature)
    assert feature is not None
    feature.clock = lambda: TODAY
    window.resize(1440, 900)
    window.show()
    with qtbot.waitSignal(feature.page.loaded, timeout=10000):
        assert window.open_project(demo_path)
    yield window, feature
    window.close_project()


def missing_glyphs(text: str, font) -> int:
    """Characters the font (with fallbacks) cannot draw: glyph index 0 in the laid-out runs."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())


def current_page(window) -> str:
    return window.pages.tabText(window.pages.currentIndex())


def cells(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_the_overview_opens_first_and_shows_what_is_overdue_and_why(opened, artifacts):
    window, feature = opened
    page = feature.page
    assert current_page(window) == PAGE_NAME

    archives = cells(page.due_table, 2)
    overdue = [
        archives[r] for r in range(page.due_table.rowCount()) if "overdue" in page.due_table.item(r, 1).text()
    ]
    assert any(a.startswith("RGASPI") for a in overdue)
    assert any(a.startswith("TsAMO") for a in overdue)
    assert any(a.startswith("UTA") for a in overdue)  # the Mongolian National Central Archive
    row = next(r for r, a in enumerate(archives) if a.startswith("RGASPI"))
    assert page.due_table.item(row, 1).text() == "overdue by 78 days"
    assert page.due_table.item(row, 4).text() == "2741-з"
    assert page.due_table.item(row, 6).text().startswith("due 2026-09-09: 30 calendar days from 2026-08-10")
    assert page.due_table.cellWidget(row, 7).findChild(QPushButton).text() == "Draft follow-up…"
    # Due this week, soonest first after the overdue ones.
    assert cells(page.due_table, 0) == sorted(cells(page.due_table, 0))
    assert "due in 4 days" in cells(page.due_table, 1)  # NIDS, the date the archive notified

    reasons = cells(page.follow_table, 2)
    assert any("the last follow-up, of 2026-10-20, is 37 days old" in r for r in reasons)  # TsAMO
    assert any("asked for clarification on 2026-10-14" in r for r in reasons)  # AVP RF

    assert "4 overdue" in page.summary.text() and "3 due within 7 days" in page.summary.text()
    # Japanese, Russian and Mongolian subjects render without boxes.
    subjects = cells(page.due_table, 5)
    japanese = next(s for s in subjects if "利用請求" in s)
    mongolian = next(s for s in subjects if "Бямбаатай" in s)
    russian = next(s for s in subjects if "Богданова" in s)
    for text in (japanese, mongolian, russian):
        assert missing_glyphs(text, page.due_table.font()) == 0, text
    page.grab().save(str(artifacts / "overview-demo.png"))
    page.due_table.scrollToBottom()
    page.due_table.grab().save(str(artifacts / "overview-due-list-japanese.png"))
    window.grab().save(str(artifacts / "overview-window-demo.png"))


def test_counts_by_status_per_archive_and_per_city(opened, artifacts):
    _window, feature = opened
    page = feature.page
    table = page.count_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[0] == "Archive" and headers[-1] == "Total"
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    }
    assert rows["TsA FSB"][-1] == "2"  # refused, and the declassification request being drafted
    page.count_choice.setCurrentIndex(1)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[0] == "City"
    by_city = {
        table.item(r, 0).text(): table.item(r, table.columnCount() - 1).text()
        for r in range(table.rowCount())
    }
    requests = feature.window.project.read(repo.list_rows, entity=Request)
    archives = {a.id: a.city for a in feature.window.project.read(repo.list_rows, entity=Archive)}
    assert int(by_city["Moscow"]) == sum(1 for r in requests if archives[r.archive_id] == "Moscow")
    assert sum(int(n) for n in by_city.values()) == len(requests)
    page.grab().save(str(artifacts / "overview-counts-per-city.png"))


def test_the_timeline_draws_bars_by_status_today_and_zooms(opened, artifacts):
    _window, feature = opened
    view = feature.page.timeline
    canvas = view.canvas
    bars = [row for row in canvas.rows if row.kind == "bar"]
    groups = [row.label for row in canvas.rows if row.kind == "group"]
    assert groups[0].startswith("Q1 ·") and len(groups) == 5
    assert len(bars) == len(feature.page.data.bars) and feature.page.data.drafts >= 1

    view.fit()
    image = view.grab().toImage()
    colours = _colours(image)
    assert QImage is not None and STATUS_COLOURS["acknowledged"] in colours  # green bars
    assert STATUS_COLOURS["closed"] in colours and TODAY_COLOUR in colours
    assert OVERDUE_COLOUR in colours  # the hatched overdue stretch
    image.save(str(artifacts / "timeline-by-question.png"))

    span = canvas.x_of(canvas.today) - canvas.x_of(canvas.first)
    view.zoom_by(2.0)
    assert canvas.x_of(canvas.today) - canvas.x_of(canvas.first) == pytest.approx(2 * span)
    view.show_today()
    view.grab().save(str(artifacts / "timeline-zoomed-today.png"))

    feature.page.group_choice.setCurrentIndex(1)
    groups = [row.label for row in canvas.rows if row.kind == "group"]
    assert any(g.startswith("RGVA · Moscow") for g in groups) and any(
        g.startswith("UTA · Ulaanbaatar") for g in groups
    )
    view.fit()
    view.grab().save(str(artifacts / "timeline-by-archive.png"))

    # Double-clicking a bar opens the request.
    opened_ids = []
    canvas.request_activated.connect(opened_ids.append)
    index = next(i for i, row in enumerate(canvas.rows) if row.kind == "bar")
    rect = canvas.bar_rect(index)
    point = QPointF(rect.center())
    # Sent as an event (QTest.mouseDClick raises the window, which the offscreen platform warns about).
    event = QMouseEvent(
        QEvent.Type.MouseButtonDblClick,
        point,
        canvas.mapToGlobal(point),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)
    assert opened_ids == [canvas.rows[index].bar.request_id]


def _colours(image: QImage) -> set[str]:
    found = set()
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            found.add(image.pixelColor(x, y).name())
    return found


def test_the_start_up_banner_opens_the_overview(opened, artifacts):
    window, feature = opened
    banner = feature.banner
    assert banner.isVisible() and banner.label.text() == "4 requests overdue, 3 due this week"
    window.show_page("Questions")
    assert current_page(window) == "Questions"
    banner.open_button.click()
    assert current_page(window) == PAGE_NAME
    window.grab().save(str(artifacts / "overview-banner.png"))
    banner.dismiss()
    assert not banner.isVisible()
    assert banner_text(1, 0) == "1 request overdue" and banner_text(0, 2) == "2 requests due this week"
    assert banner_text(0, 0) == ""


def test_one_click_drafts_the_follow_up_letter(opened, qtbot):
    """The overdue requests' follow-ups quote the date sent and, once the archive gave one, its number."""
    from dataclasses import replace

    from desktop.store.queries import request_detail
    from desktop.ui.letters.preview import find_open_preview
    from tests.unit.letters.helpers import HELEN

    window, feature = opened
    window.update_config(replace(window.config, researcher=HELEN))
    page = feature.page
    months = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ]
    quoted_numbers = 0
    for archive in ("TsAMO", "RGASPI"):
        row = next(
            r
            for r in range(page.due_table.rowCount())
            if page.due_table.item(r, 2).text().startswith(archive)
        )
        request_id = page.due_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        page.due_table.cellWidget(row, 7).findChild(QPushButton).click()
        dialog = find_open_preview(window, request_id)
        assert dialog is not None and dialog.isVisible()
        qtbot.addWidget(dialog)
        assert dialog.current_kind() == "follow_up"
        assert dialog.letter is not None and dialog.letter.language == "ru"
        request = window.project.read(repo.get, entity=Request, id=request_id)
        sent = f"{request.sent_on.day} {months[request.sent_on.month - 1]} {request.sent_on.year}"
        assert sent in dialog.letter.text
        detail = window.project.read(request_detail, request_id=request_id)
        numbers = [t.number for t in detail.tracking_numbers if t.current]
        for number in numbers:
            assert number in dialog.letter.text
            quoted_numbers += 1
        assert window.project.read(repo.get, entity=Request, id=request_id).status in ("sent", "acknowledged")
        dialog.close()
    assert quoted_numbers >= 1


def test_due_date_set_by_hand_from_the_overview(opened, qtbot, artifacts):
    window, feature = opened
    page = feature.page
    row = next(
        r for r in range(page.due_table.rowCount()) if page.due_table.item(r, 2).text().startswith("RGVA")
    )
    request_id = page.due_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
    dialog = feature.set_due_by_hand(request_id)
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a reason is required
    dialog.date_edit.setDate(dialog.date_edit.date().fromString("2026-12-15", "yyyy-MM-dd"))
    for ch in "Письмо архива от 20 ноября":  # typed as a user types it (Cyrillic via key events)
        from PySide6.QtTest import QTest

        QTest.sendKeyEvent(
            QTest.KeyAction.Click, dialog.reason_edit, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )
    assert ok.isEnabled()
    dialog.grab().save(str(artifacts / "due-date-by-hand.png"))
    with qtbot.waitSignal(page.loaded, timeout=10000):
        ok.click()
    stored = window.project.read(repo.get, entity=Request, id=request_id)
    assert (
        stored.due_override == date(2026, 12, 15)
        and stored.due_override_reason == "Письмо архива от 20 ноября"
    )
    assert stored.due_basis.startswith("due 2026-12-15: set by hand (Письмо архива от 20 ноября)")
    # No longer overdue: the banner counts one fewer.
    assert feature.banner.label.text() == "3 requests overdue, 3 due this week"


def test_legal_regimes_dialog_edits_the_projects_rules(opened, qtbot, artifacts):
    window, feature = opened
    dialog = feature.open_regimes()
    assert dialog is not None and dialog.isVisible()
    codes = [dialog.list.item(i).text().splitlines()[1] for i in range(dialog.list.count())]
    assert set(codes) >= {
        "ru-archive-query",
        "jp-disclosure",
        "jp-archives-use",
        "mn-default",
        "us-foia",
        "us-mdr",
    }
    dialog.list.setCurrentRow(codes.index("mn-default"))
    assert dialog.code.text() == "mn-default" and "UTA" in dialog.used_by.text()
    assert dialog.preview.text().startswith("due 2026-12-28: 30 calendar days from 2026-11-26")
    dialog.grab().save(str(artifacts / "legal-regimes-dialog.png"))
    dialog.list.setCurrentRow(codes.index("jp-archives-use"))
    assert (
        "公文書等の管理に関する法律" in dialog.law.text()
        and missing_glyphs(dialog.law.text(), dialog.law.font()) == 0
    )
    dialog.grab().save(str(artifacts / "legal-regimes-dialog-japan.png"))
    dialog.list.setCurrentRow(codes.index("mn-default"))

    # Mongolia: make it 15 working days; UTA's request (registered 2026-07-30) moves.
    dialog.initial.setValue(15)
    dialog.unit.setCurrentIndex(dialog.unit.findData("working"))
    assert "15 working days" in dialog.preview.text()
    with qtbot.waitSignal(feature.page.loaded, timeout=10000):
        assert dialog.save()
    (regime,) = window.project.read(repo.list_rows, entity=LegalRegime, where={"code": "mn-default"})
    assert regime.unit == "working" and regime.initial_days == 15
    uta = next(
        i for i in window.project.read(deadlines.due_items, today=TODAY, within=7) if i.archive == "UTA"
    )
    # 15 working days from Thu 2026-07-30: Jul 31 (1), Aug 3-7 (6), 10-14 (11), 17-20 (15) -> Aug 20.
    assert uta.due == date(2026, 8, 20) and "15 working days" in uta.basis

    dialog.restore_default()
    assert dialog.initial.value() == 30 and dialog.unit.currentData() == "calendar" and dialog.dirty
    assert dialog.save()
    assert window.project.read(deadlines.due_items, today=TODAY, within=7)[0].due == date(2026, 8, 31)
    dialog.close()


def test_export_due_dates_to_a_calendar_file(opened, tmp_path, monkeypatch):
    _window, feature = opened
    target = tmp_path / "deadlines"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "iCalendar files (*.ics)")
    )
    written = feature.export_calendar()
    assert written == tmp_path / "deadlines.ics"
    calendar = icalendar.Calendar.from_ical(written.read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any(s.startswith("Due: TsAMO (Q3)") for s in summaries) and len(summaries) == 8


def test_a_plain_edit_of_the_registration_date_moves_the_due_date(opened, qtbot):
    window, feature = opened
    requests = window.project.read(repo.list_rows, entity=Request)
    archives = {a.id: a.identifier for a in window.project.read(repo.list_rows, entity=Archive)}
    tsamo = next(r for r in requests if archives[r.archive_id] == "TsAMO")
    with qtbot.waitSignal(feature.page.loaded, timeout=10000):
        window.project.write(
            repo.update, entity=Request, id=tsamo.id, values={"registered_on": date(2026, 8, 18)}
        )
    stored = window.project.read(repo.get, entity=Request, id=tsamo.id)
    # 30 days from 2026-08-18 -> Thu 2026-09-17.
    assert stored.due_on == date(2026, 9, 17) and "the archive's registration date" in stored.due_basis


def test_while_another_projects_overview_is_read_nothing_of_the_last_one_shows(
    opened, qtbot, tmp_path, identity, artifacts
):
    from desktop.store.project import create_project

    window, feature = opened
    page = feature.page
    assert page.due_table.rowCount() > 0
    empty = tmp_path / "empty.quaestio"
    create_project(empty, identity, title="Empty").close()
    assert window.open_project(empty)  # the new read is queued on the task runner, not done yet
    assert page.data is None and page.due_table.rowCount() == 0
    assert page.summary.text() == "Reading the deadlines…"
    window.grab().save(str(artifacts / "overview-reading.png"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    assert page.data is not None and page.summary.text() != "Reading the deadlines…"
