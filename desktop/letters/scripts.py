"""Which writing system a piece of text is in: enough to pick a name form and to warn when a
Russian letter contains a paragraph still in English."""

from __future__ import annotations

import unicodedata

# The script each letter language is written in.
LANGUAGE_SCRIPT = {"ru": "cyrillic", "mn": "cyrillic", "ja": "japanese", "en": "latin"}


def char_script(ch: str) -> str:
    """ "cyrillic", "japanese", "latin" or "" (digits, punctuation, spaces)."""
    code = ord(ch)
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF  # kanji
        or 0xF900 <= code <= 0xFAFF
        or 0xFF66 <= code <= 0xFF9F  # half-width katakana
    ):
        return "japanese"
    if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
        return "latin"
    return ""


def script_shares(text: str) -> dict[str, float]:
    """The share of each script among the letters of `text`."""
    counts: dict[str, int] = {}
    for ch in text:
        script = char_script(ch)
        if script:
            counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def is_in_script(text: str, language: str) -> bool:
    """True if most letters of `text` are in the script `language` is written in."""
    shares = script_shares(text)
    return shares.get(LANGUAGE_SCRIPT.get(language, "latin"), 0.0) >= 0.5


def is_wide(ch: str) -> bool:
    """Characters written without spaces between them (Japanese, full-width forms)."""
    return char_script(ch) == "japanese" or unicodedata.east_asian_width(ch) in ("W", "F")
