"""Where each part of a letter goes on the page, by language, and the letter as HTML.

    ru, mn  addressee and sender top right; heading centred; body; date left, signature right
    ja      date top right; addressee left; sender right; heading centred; body
    en      sender, date, recipient on the left (US block style); heading; body; signature

The same HTML feeds the preview, the PDF and printing, so what the user sees is what goes out.
The reading order of the parts is the order of the plain text, so `pdftotext` gives the text back.
"""

from __future__ import annotations

import html
import re

LAYOUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (
        ("recipient", "right"),
        ("sender", "right"),
        ("heading", "center"),
        ("body", "justify"),
        ("date", "left"),
        ("signature", "right"),
    ),
    "mn": (
        ("recipient", "right"),
        ("sender", "right"),
        ("heading", "center"),
        ("body", "justify"),
        ("date", "left"),
        ("signature", "right"),
    ),
    "ja": (
        ("date", "right"),
        ("recipient", "left"),
        ("sender", "right"),
        ("heading", "center"),
        ("body", "left"),
        ("signature", "right"),
    ),
    "en": (
        ("sender", "left"),
        ("date", "left"),
        ("recipient", "left"),
        ("heading", "left"),
        ("body", "left"),
        ("signature", "left"),
    ),
}

# Fonts: IPA Mincho for Japanese (its text extracts from a PDF as written; Noto CJK turns common
# kanji into Kangxi radicals, see PLATFORM-NOTES); DejaVu Serif covers Latin, Cyrillic and the
# Mongolian letters Ү ү Ө ө.
FONTS = {"ja": ("IPAPMincho", "IPAMincho"), "default": ("DejaVu Serif",)}
# What DOCX files ask for: fonts a Windows or macOS reader has.
DOCX_FONTS = {"ja": ("Times New Roman", "MS Mincho"), "default": ("Times New Roman", "Times New Roman")}


def layout_for(language: str) -> tuple[tuple[str, str], ...]:
    return LAYOUTS.get(language, LAYOUTS["en"])


def alignment(language: str, part: str) -> str:
    return dict(layout_for(language)).get(part, "left")


def font_families(language: str) -> tuple[str, ...]:
    return FONTS.get(language, FONTS["default"])


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay line breaks."""
    out, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


# A word with a hyphen ("Халхин-Гол", "May-September") stays on one line: broken at the
# hyphen, text extraction (pdftotext, copy and paste) drops the hyphen and joins the halves.
# U+2060 WORD JOINER forbids the break and leaves nothing in the extracted text.
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def _escape(text: str) -> str:
    return _INNER_HYPHEN.sub("\u2060-\u2060", html.escape(text))


def _paragraph(text: str, align: str, extra: str = "") -> str:
    # pre-wrap keeps line breaks and the full-width indents of Japanese lists
    style = f"white-space: pre-wrap; margin-top: 0; margin-bottom: 8px;{extra}"
    return f'<p align="{align}" style="{style}">{_escape(text)}</p>'


def letter_html(parts: tuple[tuple[str, str], ...], language: str) -> str:
    """The letter as the small HTML subset QTextDocument renders (fonts come from the document).

    Body text is left-aligned, not justified: a justified line's wide gaps make PDF text
    extraction read its words out of order.
    """
    aligns = dict(layout_for(language))
    blocks = []
    for name, text in parts:
        align = aligns.get(name, "left")
        if align == "justify":
            align = "left"
        extra = " font-weight: bold;" if name == "heading" else ""
        if name == "date" and language in ("ru", "mn"):
            extra = " margin-top: 14px;"  # date and signature stand apart from the text
        paragraphs = "".join(
            _paragraph(p, "left" if align == "right" and name in _COLUMN_PARTS else align, extra)
            for p in _paragraphs(text)
        )
        if align == "right" and name in _COLUMN_PARTS and language in ("ru", "mn"):
            # addressee and sender: a left-aligned column in the right half of the page
            blocks.append(
                '<table width="100%" cellspacing="0" cellpadding="0" style="margin-bottom: 8px;">'
                f'<tr><td width="50%"></td><td width="50%">{paragraphs}</td></tr></table>'
            )
        else:
            blocks.append(paragraphs)
        if name in ("recipient", "sender", "date", "heading"):
            blocks.append('<p style="margin: 0; font-size: 6pt;"> </p>')
    return '<html><head><meta charset="utf-8"></head><body>' + "".join(blocks) + "</body></html>"


_COLUMN_PARTS = ("recipient", "sender")
