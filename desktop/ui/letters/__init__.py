"""Request letters in the window: the preview of one letter, the template editor, and the batch
export. `install(window)` adds their menu entries:

    Tools ▸ Letter for Selected Request…  (Ctrl+L)   the preview of the selected request's letter
    Tools ▸ Letter Templates…                        the project's templates, editor, live preview
    File ▸ Export Letters…                (Ctrl+Alt+L) many requests into a folder, progress, cancel

Other features open a letter with `open_letter_preview(window, request_id, kind)` (the request
window's "Letter…" button, the overview's "Draft follow-up…").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox


def open_letter_preview(window: Any, request_id: str, kind: str | None = None) -> None:
    """Show the letter for `request_id` (of `kind`, else the request's own), in its archive's language."""
    from desktop.ui.letters.preview import LetterPreviewDialog, find_open_preview

    if window.project is None:
        return
    dialog = find_open_preview(window, request_id)
    if dialog is not None:
        if kind is not None:
            dialog.kind.setCurrentIndex(max(dialog.kind.findData(kind), 0))
        dialog.raise_()
        dialog.activateWindow()
        return
    dialog = LetterPreviewDialog(window, request_id, kind)
    dialog.show()


def open_templates(window: Any) -> None:
    from desktop.ui.letters.editor import open_template_editor

    open_template_editor(window)


def open_batch(window: Any) -> None:
    from desktop.ui.letters.batch import open_batch_export

    selected = window.selected_request_ids()
    open_batch_export(window, selected if len(selected) > 1 else None)


def letter_for_selection(window: Any) -> None:
    """One request selected: its letter; several: the batch export with them ticked."""
    selected = window.selected_request_ids()
    if not selected:
        QMessageBox.information(
            window,
            "Letter",
            "Select a request first (in the Requests page, in a question's requests, or open a "
            "request window), then choose Tools ▸ Letter for Selected Request.",
        )
        return
    if len(selected) > 1:
        from desktop.ui.letters.batch import open_batch_export

        open_batch_export(window, selected)
        return
    open_letter_preview(window, selected[0])


def install(window: Any) -> None:
    tools = window.menu("&Tools")
    tools.addSeparator()
    letter = QAction("&Letter for Selected Request…", window)
    letter.setObjectName("LetterForSelectedRequest")
    letter.setShortcut(QKeySequence("Ctrl+L"))
    letter.setStatusTip(
        "The letter for the selected request, in the archive's language: preview, export, print"
    )
    letter.triggered.connect(lambda _=False: letter_for_selection(window))
    templates = QAction("Letter &Templates…", window)
    templates.setObjectName("LetterTemplates")
    templates.setStatusTip("Edit the project's letter templates, with the variables and a live preview")
    templates.triggered.connect(lambda _=False: open_templates(window))
    tools.addActions([letter, templates])

    export = QAction("Export &Letters…", window)
    export.setObjectName("ExportLetters")
    export.setShortcut(QKeySequence("Ctrl+Alt+L"))
    export.setStatusTip("Write the letters of many requests into a folder (PDF, Word, e-mail or text)")
    export.triggered.connect(lambda _=False: open_batch(window))
    file_menu = window.menu("&File")
    anchor = next((a for a in file_menu.actions() if a.isSeparator()), None)
    if anchor is not None:
        file_menu.insertAction(anchor, export)  # with the other things one makes, before the project items
    else:
        file_menu.addAction(export)

    def project_changed(project: Any) -> None:
        for action in (letter, templates, export):
            action.setEnabled(project is not None)

    window.project_changed.connect(project_changed)
    project_changed(window.project)
    window.letter_actions = {"letter": letter, "templates": templates, "export": export}
