"""Letters as Word documents (python-docx): A4, the parts laid out as in the PDF, fonts set for
Latin, Cyrillic and East Asian text (python-docx defaults to US Letter and leaves `w:eastAsia`
empty, so Word would set Japanese in whatever font it likes)."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop.letters.layout import DOCX_FONTS, alignment
from desktop.letters.render import Letter

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.LEFT,  # a right-hand block is indented, its lines left-aligned
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.LEFT,
}
LANGUAGE_TAGS = {"ru": "ru-RU", "ja": "ja-JP", "mn": "mn-MN", "en": "en-US"}


def _set_fonts(style, language: str) -> None:  # type: ignore[no-untyped-def]
    latin, east_asian = DOCX_FONTS.get(language, DOCX_FONTS["default"])
    style.font.name = latin
    style.font.size = Pt(11)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = style.element.get_or_add_rPr().find(qn("w:lang"))
    if lang is None:
        lang = style.element.get_or_add_rPr().makeelement(qn("w:lang"), {})
        style.element.get_or_add_rPr().append(lang)
    tag = LANGUAGE_TAGS.get(language, "en-US")
    lang.set(qn("w:val"), "en-US" if language == "ja" else tag)
    lang.set(qn("w:eastAsia"), "ja-JP" if language == "ja" else tag)


# XML 1.0 has no place for most C0 controls (a bell or an escape pasted into a subject, or put in a
# collaborator's copy): python-docx refuses them, so they are dropped (tabs and line breaks stay).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def write_docx(letter: Letter, path: Path) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    _set_fonts(document.styles["Normal"], letter.language)
    document.core_properties.title = _xml_text(letter.subject)
    document.core_properties.language = LANGUAGE_TAGS.get(letter.language, "en-US")
    document.core_properties.author = _xml_text(letter.sender_name)
    for name, text in letter.parts:
        align = alignment(letter.language, name)
        column = align == "right" and name in ("recipient", "sender") and letter.language in ("ru", "mn")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        for index, block in enumerate(paragraphs):
            paragraph = document.add_paragraph()
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.RIGHT if align == "right" and not column else _ALIGN.get(align)
            )
            paragraph.paragraph_format.space_after = Pt(6 if index < len(paragraphs) - 1 else 12)
            if column:
                paragraph.paragraph_format.left_indent = Mm(85)
            lines = block.split("\n")
            for number, line in enumerate(lines):
                run = paragraph.add_run(_xml_text(line))
                run.bold = name == "heading"
                if number < len(lines) - 1:
                    run.add_break()
    document.save(str(path))
    return path
