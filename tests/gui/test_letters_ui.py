"""Letters in the window: the preview in each archive's language, export and print from it, the
template editor with its live preview, and the batch export with progress and cancel.
Screenshots of every dialog go to the artifacts folder."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.config import Researcher
from desktop.store import repo, templates
from desktop.store.models import Communication, Request
from desktop.ui.letters import letter_for_selection, open_letter_preview
from desktop.ui.letters.batch import BatchExportDialog
from desktop.ui.letters.editor import TemplateEditorDialog
from desktop.ui.letters.preview import LetterPreviewDialog
from desktop.ui.main_window import MainWindow
from tests.unit.letters.helpers import HELEN, SAMPLES, normalise, request_of

TODAY = date(2026, 11, 26)


@pytest.fixture
def window(qtbot, paths, demo_path):
    win = MainWindow(paths, today=lambda: TODAY)
    qtbot.addWidget(win)
    win.update_config(replace(win.config, author_name="Ana Historian", researcher=HELEN))
    win.resize(1280, 800)
    win.show()
    assert win.open_project(demo_path)
    yield win
    win.close_project()
    win.close()


def preview(qtbot, window, request_id: str, kind: str | None = None) -> LetterPreviewDialog:
    open_letter_preview(window, request_id, kind)
    dialog = next(d for d in window.findChildren(LetterPreviewDialog) if d.request_id == request_id)
    qtbot.waitExposed(dialog)
    return dialog


def missing_glyphs(text: str, font) -> int:
    """Characters the font (with fallbacks) cannot draw: glyph index 0 in the laid-out runs."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())


def type_text(widget, text: str) -> None:
    """One key event per character: safe for Cyrillic and Japanese (see PLATFORM-NOTES)."""
    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("ru", ["Директору РГАСПИ", "Уважаемый господин директор!", "ф. 558, оп. 11", "26 ноября 2026 г."]),
        ("ja", ["防衛研究所戦史研究センター史料室 ご担当者様", "請求番号", "拝啓", "2026年11月26日"]),
        ("mn", ["Үндэсний төв архивын захирал танаа", "Эрхэм хүндэт захирал аа,", "2026 оны 11 сарын 26"]),
        ("en", ["Dear FOIA Officer:", "5 U.S.C. § 552", "26 November 2026"]),
    ],
)
def test_the_preview_shows_the_letter_in_the_archives_language(qtbot, window, artifacts, language, phrases):
    dialog = preview(qtbot, window, request_of(window.project, SAMPLES[language]))
    text = dialog.paper.toPlainText()
    for phrase in phrases:
        assert phrase in text
    assert normalise(text) == normalise(dialog.letter.text)
    assert not dialog.problem_box.isVisible()
    assert all(b.isEnabled() for b in dialog.buttons.values())
    assert (
        f"in {dict(ru='Russian', ja='Japanese', mn='Mongolian', en='English')[language]}"
        in dialog.about.text()
    )
    # every character drawable: no boxes for Cyrillic, Mongolian Ү ө, kana or kanji
    font = dialog.paper.document().defaultFont()
    assert missing_glyphs(text, font) == 0
    dialog.grab().save(str(artifacts / f"letters-preview-{language}.png"))


def test_an_empty_profile_is_refused_with_what_to_fill_in(qtbot, window, artifacts):
    window.update_config(replace(window.config, researcher=Researcher()))
    dialog = preview(qtbot, window, request_of(window.project, "RGVA"))
    assert dialog.problem_box.isVisible()
    assert dialog.problem_title.text().startswith("Fill in your researcher profile in Preferences")
    items = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert any("full name" in i and "e-mail or postal address" in i for i in items)
    assert dialog.preferences_button.isVisible()
    assert not any(b.isEnabled() for b in dialog.buttons.values())
    dialog.grab().save(str(artifacts / "letters-preview-refused.png"))
    # filled in, the same preview becomes exportable
    window.update_config(replace(window.config, researcher=HELEN))
    dialog.refresh()
    assert not dialog.problem_box.isVisible() and dialog.buttons["pdf"].isEnabled()


def test_export_pdf_from_the_preview_records_it_then_mark_as_sent(qtbot, window, tmp_path, monkeypatch):
    request_id = request_of(window.project, "GKhYa Archive")  # a draft, in Mongolian
    dialog = preview(qtbot, window, request_id)
    target = tmp_path / "letter"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    written = dialog.export("pdf")
    assert written == tmp_path / "letter.pdf" and written.is_file()
    text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True, check=True).stdout
    assert normalise(text) == normalise(dialog.letter.text)
    project = window.project
    assert project.read(repo.get, entity=Request, id=request_id).status == "ready"
    (sent,) = [
        c for c in project.read(repo.list_rows, entity=Communication, where={"request_id": request_id})
    ]
    assert sent.body == dialog.letter.text and sent.language == "mn" and sent.dated_on == TODAY
    assert "recorded with the request" in dialog.status.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.sent_button.isEnabled()
    assert dialog.mark_sent()
    request = project.read(repo.get, entity=Request, id=request_id)
    assert request.status == "sent" and request.sent_on == TODAY
    assert not dialog.sent_button.isEnabled()


def test_print_goes_through_the_print_dialog(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    out = tmp_path / "printed.pdf"

    def accept(self) -> int:  # the user picks "print to file"
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    dialog = preview(qtbot, window, request_of(window.project, "NIDS-CMH"), kind="follow_up")
    assert dialog.print_letter()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "受付番号：R8-0371" in text and "2026年11月26日" in text
    latest = window.project.read(
        repo.list_rows, entity=Communication, where={"request_id": dialog.request_id}
    )[-1]
    assert latest.category == "follow_up" and latest.channel == "post"


def test_the_template_editor_edits_with_a_live_preview_and_saves_into_the_project(
    qtbot, window, artifacts, monkeypatch
):
    request_id = request_of(window.project, "RGVA")  # copies, Russian
    letter_dialog = preview(qtbot, window, request_id)
    window.letter_actions["templates"].trigger()
    editor = next(d for d in window.findChildren(TemplateEditorDialog))
    qtbot.waitExposed(editor)
    row = next(r for r in editor.rows.values() if (r.kind, r.language) == ("copies", "ru"))
    editor.reload(select=row.id)
    assert editor.current_id == row.id
    editor.preview_request.setCurrentIndex(
        next(
            i
            for i in range(editor.preview_request.count())
            if editor.preview_request.itemData(i)[0] == request_id
        )
    )
    qtbot.waitUntil(lambda: "Об изготовлении копий" in editor.paper.toPlainText())
    assert "Nothing missing" in editor.preview_status.text()

    # type a sentence at the end of the body block, in Cyrillic, as a user does
    cursor = editor.body.textCursor()
    cursor.setPosition(editor.body.toPlainText().index("{% endblock %}\n{% block date %}"))
    editor.body.setTextCursor(cursor)
    type_text(editor.body, "\nСрочность: прошу ответить до конца года. ")
    assert editor.dirty and editor.save_button.isEnabled()
    qtbot.waitUntil(lambda: "Срочность: прошу ответить" in editor.paper.toPlainText(), timeout=3000)
    # a missing variable shows up in the preview at once
    type_text(editor.body, "{{ archive.email }}")
    qtbot.waitUntil(lambda: "archive.email" in editor.preview_status.text(), timeout=3000)
    assert "Missing (1)" in editor.preview_status.text()
    editor.grab().save(str(artifacts / "letters-template-editor.png"))
    for _ in range(len("{{ archive.email }}")):
        QTest.keyClick(editor.body, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: "Nothing missing" in editor.preview_status.text(), timeout=3000)

    assert editor.save_button.shortcut().toString() == "Ctrl+S"
    editor.save_button.click()
    rows = {r.id: r for r in window.project.read(templates.list_templates)}
    assert "Срочность: прошу ответить до конца года." in rows[row.id].body
    assert not rows[row.id].builtin and not editor.dirty
    # the open letter follows the saved template
    qtbot.waitUntil(lambda: "Срочность" in letter_dialog.paper.toPlainText())
    assert "· edited" in editor.template_list.currentItem().text()

    # revert to the built-in text
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert editor.revert_button.isEnabled()
    editor.revert()
    assert "Срочность" not in editor.body.toPlainText()
    qtbot.waitUntil(lambda: "Срочность" not in letter_dialog.paper.toPlainText())


def test_the_editor_rejects_a_template_that_reaches_for_python_internals(qtbot, window, monkeypatch):
    window.letter_actions["templates"].trigger()
    editor = next(d for d in window.findChildren(TemplateEditorDialog))
    before = editor.rows[editor.current_id].body
    editor.body.setPlainText("{% block body %}{{ ''.__class__.__mro__ }}{% endblock %}")
    qtbot.waitUntil(lambda: "Python internals" in editor.preview_status.text(), timeout=3000)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    assert not editor.save()
    assert warnings and "Python internals" in warnings[0]
    assert window.project.read(templates.list_templates)[0].body == before  # nothing saved
    # closing with unsaved text asks; "Discard" lets it go
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    editor.close()
    qtbot.waitUntil(lambda: not editor.isVisible())


def test_copy_for_one_archive_is_used_for_its_letters(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window.letter_actions["templates"].trigger()
    editor = next(d for d in window.findChildren(TemplateEditorDialog))
    row = next(r for r in editor.rows.values() if (r.kind, r.language) == ("archival_query", "ru"))
    editor.reload(select=row.id)
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda _p, _t, _l, items, *a: (next(i for i in items if "RGASPI" in i), True)
    )
    new_id = editor.copy_template()
    assert new_id and editor.current_id == new_id
    dialog = preview(qtbot, window, request_of(window.project, "RGASPI"))
    assert dialog.source.template.id == new_id and "(one archive)" in dialog.about.text()


def test_batch_export_writes_the_drafts_with_progress(qtbot, window, tmp_path, artifacts):
    window.letter_actions["export"].trigger()
    dialog = next(d for d in window.findChildren(BatchExportDialog))
    qtbot.waitExposed(dialog)
    drafts = dialog.ticked_ids()
    assert len(drafts) >= 4  # the drafts are ticked by default
    dialog.folder.setText(str(tmp_path / "letters"))
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.grab().save(str(artifacts / "letters-batch-before.png"))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as finished:
        dialog.export_button.click()
        assert dialog.progress.isVisible()
    report = finished.args[0]
    assert len(report.written) == len(drafts) and not report.failed
    files = sorted((tmp_path / "letters").glob("*.pdf"))
    assert len(files) == len(drafts)
    assert dialog.results.count() == len(drafts) and dialog.results.item(0).text().startswith("✓ ")
    assert dialog.progress.value() == len(drafts) and "written" in dialog.progress_label.text()
    dialog.grab().save(str(artifacts / "letters-batch-done.png"))
    statuses = {window.project.read(repo.get, entity=Request, id=i).status for i in drafts}
    assert statuses == {"ready"}


def test_batch_export_can_be_cancelled(qtbot, window, tmp_path):
    window.letter_actions["export"].trigger()
    dialog = next(d for d in window.findChildren(BatchExportDialog))
    dialog._tick(lambda _status: True)
    total = len(dialog.ticked_ids())
    dialog.folder.setText(str(tmp_path / "all"))
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as finished:
        dialog.export_button.click()
        dialog.cancel_button.click()  # "Cancel" while the worker runs
    report = finished.args[0]
    assert report.cancelled and len(report.written) < total
    assert len(list((tmp_path / "all").glob("*.pdf"))) == len(report.written)
    assert "cancelled" in dialog.progress_label.text()


def test_menu_actions_and_the_selection(qtbot, window, monkeypatch):
    tools = [a.text() for a in window.menu("&Tools").actions()]
    assert "&Letter for Selected Request…" in tools and "Letter &Templates…" in tools
    assert "Export &Letters…" in [a.text() for a in window.menu("&File").actions()]
    assert window.letter_actions["letter"].shortcut().toString() == "Ctrl+L"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(window, "selected_request_ids", lambda: [])
    letter_for_selection(window)
    assert shown and shown[0].startswith("Select a request first")
    request_id = request_of(window.project, "CIA")
    monkeypatch.setattr(window, "selected_request_ids", lambda: [request_id])
    window.letter_actions["letter"].trigger()
    dialog = next(d for d in window.findChildren(LetterPreviewDialog) if d.request_id == request_id)
    assert dialog.current_kind() == "mdr" and "Executive Order 13526" in dialog.paper.toPlainText()
    window.close_project()
    assert not window.letter_actions["letter"].isEnabled()


def test_a_read_only_project_previews_but_does_not_export(qtbot, paths, demo_path, tmp_path):
    win = MainWindow(paths, today=lambda: TODAY)
    qtbot.addWidget(win)
    win.update_config(replace(win.config, researcher=HELEN))
    assert win.open_project(demo_path, readonly=True)
    dialog = preview(qtbot, win, request_of(win.project, "RGASPI"))
    assert "Директору РГАСПИ" in dialog.paper.toPlainText()
    assert not dialog.buttons["pdf"].isEnabled() and "read-only" in dialog.buttons["pdf"].toolTip()
    win.close_project()
    assert Path(demo_path).is_file()
