"""Edit > Find on the demo project: type, see hits, press Enter to go there (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QTextLayout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from desktop.store import queries, repo
from desktop.store.models import Question
from desktop.ui.main_window import MainWindow
from desktop.ui.search.menus import FindActions
from desktop.ui.search.model import HitsModel
from desktop.ui.search.panel import SearchPanel


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type like a user; non-ASCII one key event per character (qtbot.keyClicks aborts on it)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
            )


def missing_glyphs(text: str, font: QFont) -> int:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())


class Calls:
    """Records calls to one of the window's API methods and lets the real method run."""

    def __init__(self, window: MainWindow, name: str) -> None:
        self.args: list[tuple[Any, ...]] = []
        real = getattr(window, name)

        def spy(*args: Any) -> Any:
            self.args.append(args)
            return real(*args)

        setattr(window, name, spy)


@pytest.fixture
def window(qtbot, paths, demo_path) -> Iterator[MainWindow]:
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_project(demo_path)
    yield window
    window.close_project()


def open_find(qtbot, window: MainWindow) -> SearchPanel:
    edit_menu = window.menu("&Edit")
    action = next(a for a in edit_menu.actions() if a.text() == "&Find…")
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    action.trigger()
    panel = window.findChild(FindActions).panel
    qtbot.waitUntil(panel.isVisible)
    assert panel.query.hasFocus() or panel.query.isVisible()
    return panel


def search_for(qtbot, panel: SearchPanel, text: str) -> None:
    panel.query.clear()
    type_text(qtbot, panel.query, text)
    qtbot.waitUntil(
        lambda: "for “" in panel.status.text() and panel.query.text().strip() in panel.status.text()
    )


def shown(panel: SearchPanel) -> list[tuple[str, str, str]]:
    model = panel.model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]  # type: ignore[misc]


def test_latin_query_lists_hits_and_enter_goes_to_the_question(qtbot, window, artifacts):
    calls = Calls(window, "show_question")
    panel = open_find(qtbot, window)
    search_for(qtbot, panel, "Komatsubara")
    rows = shown(panel)
    assert rows[0][0] == "Question" and rows[0][1].startswith("Q2 Komatsubara")
    assert "Komatsubara" in panel.status.text() and f"{len(rows)} hits" in panel.status.text()
    panel.resize(900, 420)
    panel.grab().save(str(artifacts / "search-latin.png"))

    QTest.keyClick(panel.query, Qt.Key.Key_Return)
    q2 = next(q for q in window.project.read(queries.question_summaries) if q.code == "Q2")
    assert calls.args == [(q2.id,)]
    assert "Showing the question" in panel.status.text()


def test_cyrillic_query_finds_letters_and_notes_and_a_letter_opens_its_request(qtbot, window, artifacts):
    calls = Calls(window, "show_request")
    panel = open_find(qtbot, window)
    search_for(qtbot, panel, "Жуков")
    rows = shown(panel)
    assert {r[0] for r in rows} >= {"Source", "Person", "Note"}
    assert all("жуков" in (title + snippet).lower() for _kind, title, snippet in rows)
    assert missing_glyphs("Георгий Константинович Жуков", panel.results.font()) == 0
    panel.resize(900, 420)
    panel.grab().save(str(artifacts / "search-cyrillic.png"))

    letter_row = next(i for i, r in enumerate(rows) if r[0] == "Letter")
    panel.results.setCurrentIndex(panel.model.index(letter_row, 1))
    hit = panel.model.hit_at(letter_row)
    panel.go_button.click()
    assert calls.args == [(hit.request_id,)] and hit.request_id is not None


def test_two_character_japanese_query_finds_the_nids_archive_and_opens_the_archives_page(
    qtbot, window, artifacts
):
    calls = Calls(window, "show_page")
    panel = open_find(qtbot, window)
    search_for(qtbot, panel, "戦史")
    rows = shown(panel)
    archive_row = next(i for i, r in enumerate(rows) if r[0] == "Archive")
    assert "防衛研究所戦史研究センター" in rows[archive_row][1] + rows[archive_row][2]
    assert missing_glyphs("防衛研究所戦史研究センター", panel.results.font()) == 0
    assert missing_glyphs("Гомбосүрэн, Өндөр", panel.results.font()) == 0
    panel.resize(900, 420)
    panel.grab().save(str(artifacts / "search-japanese.png"))

    panel.results.setCurrentIndex(panel.model.index(archive_row, 0))
    panel.results.activated.emit(panel.model.index(archive_row, 0))  # what Enter or a double-click sends
    assert calls.args == [("Archives",)]


@pytest.mark.parametrize("query", ['"', "*", "AND (", 'NEAR("a" "b")', "%", "\\", "'"])
def test_odd_input_never_raises_and_says_what_it_found(qtbot, window, query):
    panel = open_find(qtbot, window)
    search_for(qtbot, panel, query)
    text = panel.status.text()
    assert text.startswith("No hits for") or " hit" in text
    assert "failed" not in text


def test_results_follow_edits_and_empty_query_clears_them(qtbot, window):
    panel = open_find(qtbot, window)
    search_for(qtbot, panel, "Komatsubara")
    q2 = next(q for q in window.project.read(queries.question_summaries) if q.code == "Q2")
    window.project.write(
        repo.update, entity=Question, id=q2.id, values={"title": "Michitarō under suspicion"}
    )
    qtbot.waitUntil(lambda: not any(r[1].startswith("Q2 Komatsubara") for r in shown(panel)))
    assert shown(panel)  # the text and the notes still mention him

    panel.query.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.status.text().startswith("Type a word")


def test_enter_right_after_typing_waits_for_the_hits_then_goes(qtbot, window):
    calls = Calls(window, "show_question")
    panel = open_find(qtbot, window)
    type_text(qtbot, panel.query, "Komatsubara")
    QTest.keyClick(panel.query, Qt.Key.Key_Return)  # before the debounce timer fired
    qtbot.waitUntil(lambda: len(calls.args) == 1)
    q2 = next(q for q in window.project.read(queries.question_summaries) if q.code == "Q2")
    assert calls.args == [(q2.id,)]


def test_the_hits_model_passes_the_model_tester(qtbot, qtmodeltester, window):
    from desktop.store.search import search

    model = HitsModel()
    model.set_hits(window.project.read(search, query="Kirichenko"))
    assert model.rowCount() > 2
    qtmodeltester.check(model)


def test_closing_the_project_empties_the_panel(qtbot, window):
    panel = open_find(qtbot, window)
    search_for(qtbot, panel, "Komatsubara")
    window.close_project()
    assert panel.model.rowCount() == 0
    assert "Open a project" in panel.status.text()


def test_the_query_words_are_found_in_the_snippet_for_bold_drawing():
    from desktop.ui.search.panel import match_spans, query_terms

    assert query_terms('"Жуков" 戦史*') == ["Жуков", "戦史"]
    text = "…Г. К. Жукова. Жуков обвинил… 防衛研究所戦史研究センター"
    assert match_spans(text, ["жуков", "戦史", "ЖУК"]) == [(7, 12), (15, 20), (35, 37)]
    assert match_spans(text, []) == []
