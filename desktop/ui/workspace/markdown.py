"""The note editor: Markdown source with a small formatting toolbar, and a rendered view.

The stored text is exactly what the user typed (the editor is plain text), so nothing is
re-wrapped by a Markdown round trip (PLATFORM-NOTES). The rendered view never loads anything
from the network and opens a link only when it is clicked (DESIGN §10).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QFocusEvent, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextBrowser, QTextEdit, QToolBar, QWidget

from desktop.ui.workspace.fields import repaired_paste

# Qt lays out a wrapped paragraph in time that grows with the square of its length: 50,000
# characters take half a second, 200,000 seven, a 10 MB one-paragraph note (from a collaborator's
# copy) hours. Past this length a note is shown unwrapped, which is linear (tests/faults).
LONGEST_WRAPPED_LINE = 20_000

NOTE_MARKDOWN = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)


def fits_wrapped(text: str) -> bool:
    """True when every line of `text` is short enough to be word-wrapped quickly."""
    return all(len(line) <= LONGEST_WRAPPED_LINE for line in text.split("\n"))


class MarkdownEditor(QPlainTextEdit):
    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(False)
        self.setPlaceholderText(
            "Write the note here. Markdown: **bold**, *italic*, ## heading, - list, [link](url)"
        )
        self.setAccessibleName("Note text")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def setPlainText(self, text: str) -> None:
        wrap = (
            QPlainTextEdit.LineWrapMode.WidgetWidth
            if fits_wrapped(text)
            else QPlainTextEdit.LineWrapMode.NoWrap
        )
        if wrap != self.lineWrapMode():
            super().setPlainText("")  # else the old text is laid out again in the new mode first
            self.setLineWrapMode(wrap)
        super().setPlainText(text)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText() and not self.isReadOnly():
            self.insertPlainText(repaired_paste(self, source.text()))
            return
        super().insertFromMimeData(source)

    # --- formatting ------------------------------------------------------------------------------

    def wrap_selection(self, marker: str, placeholder: str) -> None:
        """**bold** / *italic*: wrap the selection, or insert a placeholder and select it."""
        cursor = self.textCursor()
        text = cursor.selectedText() or placeholder
        cursor.beginEditBlock()
        cursor.insertText(f"{marker}{text}{marker}")
        cursor.endEditBlock()
        if not self.textCursor().hasSelection():
            end = cursor.position() - len(marker)
            cursor.setPosition(end - len(text))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)

    def _selected_blocks(self) -> tuple[QTextCursor, int, int]:
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last = doc.findBlock(cursor.selectionEnd()).blockNumber()
        return cursor, first, last

    def toggle_prefix(self, prefix: str, pattern: str) -> None:
        """Add `prefix` to the selected lines, or remove it when every one already has it."""
        cursor, first, last = self._selected_blocks()
        doc = self.document()
        blocks = [doc.findBlockByNumber(n) for n in range(first, last + 1)]
        has = [re.match(pattern, b.text()) for b in blocks]
        remove = all(has)
        cursor.beginEditBlock()
        for block, match in zip(blocks, has, strict=True):
            edit = QTextCursor(block)
            if remove and match:
                edit.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, len(match.group(0))
                )
                edit.removeSelectedText()
            elif not remove:
                if match:  # another heading level or list marker: replace it
                    edit.movePosition(
                        QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, len(match.group(0))
                    )
                    edit.removeSelectedText()
                edit.insertText(prefix)
        cursor.endEditBlock()

    def heading(self) -> None:
        self.toggle_prefix("## ", r"#{1,6} ")

    def bullet_list(self) -> None:
        self.toggle_prefix("- ", r"[-*+] ")

    def link(self) -> None:
        """[text](https://) with the address selected, ready to be typed over."""
        cursor = self.textCursor()
        text = cursor.selectedText() or "link text"
        url = "https://"
        cursor.insertText(f"[{text}]({url})")
        end = cursor.position() - 1
        cursor.setPosition(end - len(url))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)


class NoteView(QTextBrowser):
    """The rendered note: local rendering only; links open in the browser when clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open)
        self.setAccessibleName("Rendered note")

    def setMarkdown(self, markdown: str) -> None:
        wrap = QTextEdit.LineWrapMode.WidgetWidth if fits_wrapped(markdown) else QTextEdit.LineWrapMode.NoWrap
        if wrap != self.lineWrapMode():
            super().setMarkdown("")  # else the old text is laid out again in the new mode first
            self.setLineWrapMode(wrap)
        # Without MarkdownNoHTML, Qt hands HTML in a note to its HTML importer, which drops what
        # it does not render (`<script>…`, an `<img>`) and, from an unclosed tag on, the rest of
        # the note. A note is Markdown: its HTML shows as the text it is.
        self.document().setMarkdown(markdown, NOTE_MARKDOWN)

    def loadResource(self, kind: int, name: QUrl) -> Any:
        # A note may come from a collaborator's copy: it loads nothing from outside itself. Not
        # remote images or style sheets, and not files either: `file://host/share/x.png` reaches
        # a network share (and, on Windows, hands it the user's credentials), and a path names a
        # local file to a note that should not read one. Inline `data:` images still show.
        if name.scheme() == "data":
            return super().loadResource(kind, name)
        return None

    def _open(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)


def formatting_toolbar(editor: MarkdownEditor, parent: QWidget) -> QToolBar:
    """Bold, italic, heading, list, link: each an action with a shortcut (listed in Help)."""
    bar = QToolBar("Formatting", parent)
    bar.setObjectName("noteFormatting")
    specs = (
        ("Bold", "B", "Ctrl+B", lambda: editor.wrap_selection("**", "bold text")),
        ("Italic", "I", "Ctrl+I", lambda: editor.wrap_selection("*", "italic text")),
        ("Heading", "H", "Ctrl+Alt+H", editor.heading),
        ("Bulleted list", "•", "Ctrl+Shift+8", editor.bullet_list),
        ("Link", "Link", "Ctrl+K", editor.link),
    )
    for name, short, keys, handler in specs:
        action = QAction(short, parent)
        action.setObjectName(f"note{name.replace(' ', '')}")
        action.setToolTip(f"{name} ({keys})")
        action.setStatusTip(name)
        action.setData(f"Notes ▸ {name}")
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        font = action.font()
        if name == "Bold":
            font.setBold(True)
        elif name == "Italic":
            font.setItalic(True)
        action.setFont(font)
        bar.addAction(action)
        editor.addAction(action)
    return bar
