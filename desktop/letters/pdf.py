"""Letters as PDF (A4, fonts embedded) and on paper, with Qt's text engine.

The only module of `desktop.letters` that uses Qt. QTextDocument lays out the same HTML as the
preview (`layout.letter_html`); QPdfWriter embeds the fonts. Two traps (PLATFORM-NOTES):
the document's layout must be bound to the writer before the HTML is set, or the text comes
out a third of its size; and Japanese is set in IPA Mincho, whose text extracts from the PDF as
written (Noto CJK would give Kangxi radicals: ⽇本 instead of 日本).

The command line has no QApplication: `ensure_gui_application` makes an offscreen
QGuiApplication when none exists, and only when a PDF is actually written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from desktop import APP_NAME
from desktop.letters.layout import font_families, letter_html
from desktop.letters.render import Letter

MARGINS_MM = QMarginsF(25, 20, 20, 20)  # left, top, right, bottom: room for a binder's holes
RESOLUTION = 300
POINT_SIZE = 11.0

_app: QGuiApplication | None = None


def ensure_gui_application() -> None:
    """Qt's text engine needs a Gui application; the command line makes an offscreen one."""
    global _app
    if QCoreApplication.instance() is not None:
        return
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1] or [APP_NAME])


def letter_font(language: str, point_size: float = POINT_SIZE) -> QFont:
    """The letter's font, without ligatures: a PDF with "ﬁ" glyphs copies and searches badly."""
    families = font_families(language)
    font = QFont(families[0])
    font.setFamilies(list(families))
    font.setPointSizeF(point_size)
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def build_document(letter: Letter, device: QPagedPaintDevice) -> QTextDocument:
    """The letter laid out for `device` (a PDF writer or a printer), page by page."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)  # before setHtml: see the module docstring
    document.setDefaultFont(letter_font(letter.language))
    document.setHtml(letter_html(letter.parts, letter.language))
    rect = device.pageLayout().paintRectPixels(device.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    return document


def _a4(device: QPagedPaintDevice) -> None:
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


def write_pdf(letter: Letter, path: Path) -> Path:
    """Write the letter to `path` as an A4 PDF with its fonts embedded."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    _a4(writer)
    writer.setTitle(letter.subject)
    writer.setCreator(APP_NAME)
    document = build_document(letter, writer)
    document.print_(writer)  # ends the painter: the file is complete
    del document, writer  # the document first: its layout points at the writer
    return path


def print_letter(letter: Letter, printer: QPagedPaintDevice) -> None:
    """Print on a printer the user chose (QPrintDialog); A4 unless the dialog chose otherwise."""
    document = build_document(letter, printer)
    document.print_(printer)
