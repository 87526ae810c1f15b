"""What the letter dialogs share: labels, the paper-like preview, folders, the researcher."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette, Qt
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.config import Researcher
from desktop.domain.vocab import LANGUAGES, TemplateKind
from desktop.letters.layout import letter_html
from desktop.letters.pdf import letter_font
from desktop.letters.render import Letter

KIND_LABELS = {
    TemplateKind.READING_ROOM.value: "Reading-room access",
    TemplateKind.COPIES.value: "Copies",
    TemplateKind.ARCHIVAL_QUERY.value: "Archival query",
    TemplateKind.DECLASSIFICATION.value: "Declassification",
    TemplateKind.FOIA.value: "Freedom of information",
    TemplateKind.MDR.value: "Mandatory declassification review",
    TemplateKind.FOLLOW_UP.value: "Follow-up",
    TemplateKind.APPEAL.value: "Appeal",
}
SCOPE_LABELS = {"default": "all archives", "regime": "legal regime", "archive": "one archive"}
FILE_FILTERS = {
    "pdf": "PDF (*.pdf)",
    "docx": "Word document (*.docx)",
    "eml": "E-mail message (*.eml)",
    "txt": "Plain text (*.txt)",
}
_SETTINGS_FOLDER = "letters/lastFolder"


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def researcher_of(window: Any) -> Researcher:
    """The profile letters are signed with, as the user last saved it in Preferences."""
    config = getattr(window, "config", None)
    return config.researcher if config is not None else Researcher()


def today_of(window: Any) -> date:
    clock = getattr(window, "today", None)
    return clock() if callable(clock) else date.today()


def last_folder() -> Path:
    saved = QSettings().value(_SETTINGS_FOLDER, "")
    folder = Path(str(saved)) if saved else Path.home()
    return folder if folder.is_dir() else Path.home()


def default_batch_folder() -> Path:
    """The folder last exported into, else "Letters" in the home folder (created on export)."""
    saved = QSettings().value(_SETTINGS_FOLDER, "")
    return Path(str(saved)) if saved and Path(str(saved)).is_dir() else Path.home() / "Letters"


def remember_folder(folder: Path) -> None:
    QSettings().setValue(_SETTINGS_FOLDER, str(folder))


_MISSING = re.compile(r"⟦[^⟧]*⟧")
_PLACEHOLDER = re.compile(r"\[\[.*?\]\]|\bTODO\b")


def preview_html(letter: Letter) -> str:
    """The letter's HTML with its holes marked: missing values red, placeholders yellow."""
    page = letter_html(letter.parts, letter.language)
    page = _MISSING.sub(
        lambda m: f'<span style="background-color: #ffd7d7; color: #8b0000;">{m.group(0)}</span>', page
    )
    return _PLACEHOLDER.sub(lambda m: f'<span style="background-color: #fff1a8;">{m.group(0)}</span>', page)


class PaperView(QTextBrowser):
    """A read-only page: white, with the letter's own font, as the PDF will look."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.document().setDocumentMargin(36)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.white)
        palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setMinimumSize(560, 420)

    def show_letter(self, letter: Letter) -> None:
        self.document().setDefaultFont(letter_font(letter.language, 10.5))
        self.setHtml(preview_html(letter))

    def show_message(self, text: str) -> None:
        self.setHtml(f"<p style='color:#555555;'>{html_lib.escape(text)}</p>")
