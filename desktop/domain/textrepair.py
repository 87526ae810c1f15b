"""Repair Cyrillic that was mis-decoded as Latin-1/CP1252 (DESIGN §7). No Qt, no database.

Old PDFs and web pages often carry Russian or Mongolian text encoded as Windows-1251 but shown
as Latin-1 or CP1252: "Ýòî ïðîòèâîðå÷èò" is "Это противоречит". Every Cyrillic letter of
Windows-1251 lies in bytes 0xA8-0xFF, which Latin-1 shows as accented letters (and ÷ ×), so:

- a word made only of such characters, two or more of them, is mojibake: real French, German,
  Spanish or Portuguese words always have plain ASCII letters among their accents;
- a single such character ("â", "Ö.") is mojibake only next to a mojibake or Cyrillic word on
  the same line (Russian prepositions and initials), so "à Paris" or "Ó Briain" stay as they are;
- only the mis-decoded letters are replaced: spaces, punctuation, digits, page numbers and
  English words between them are kept.

Mongolian Cyrillic has Ү/ү and Ө/ө, which Windows-1251 lacks. Mongolian fonts of the 1990s put
them where Ukrainian has Ї/ї and Є/є (bytes 0xAF/0xBF and 0xAA/0xBA), so the same text shows
as ¯/¿ and ª/º when read as Latin-1, and as Ї/ї and Є/є when read as Windows-1251. Unless the
text shows it is Ukrainian (і or ґ), those bytes are read as the Mongolian letters; an already
Cyrillic word with ї/є is repaired the same way when the text also has a letter Ukrainian never
uses (ы, э, ё, ъ, ү, ө).
"""

from __future__ import annotations

from dataclasses import dataclass

# Latin-1 characters whose Windows-1251 byte is a Cyrillic letter (Ukrainian/Belarusian included).
_CYRILLIC_BYTES = [
    0xA1,
    0xA2,
    0xA5,
    0xA8,
    0xAA,
    0xAF,
    0xB2,
    0xB3,
    0xB4,
    0xB8,
    0xBA,
    0xBF,
    *range(0xC0, 0x100),
]
_WIN1251: dict[str, str] = {chr(b): bytes([b]).decode("cp1251") for b in _CYRILLIC_BYTES}
_MONGOLIAN: dict[str, str] = {"¯": "Ү", "¿": "ү", "ª": "Ө", "º": "ө"}
_MOJIBAKE_CHARS = frozenset(_WIN1251)

# One-letter words of French, Italian, Spanish, Portuguese and Irish: mojibake only among mojibake.
_WESTERN_WORDS = frozenset("àÀèÈéÉóÓôÔùÙ")
_UKRAINIAN_ONLY = frozenset("ІіҐґ")
_NOT_UKRAINIAN = frozenset("ЫыЭэЁёЪъҮүӨө")
_UKRAINIAN_AS_MONGOLIAN = {"Ї": "Ү", "ї": "ү", "Є": "Ө", "є": "ө"}


@dataclass(frozen=True)
class Run:
    """A stretch of `text[start:end]` that reads `repaired` once fixed."""

    start: int
    end: int
    text: str
    repaired: str


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _words(text: str) -> list[tuple[int, int]]:
    """Spans of words: runs of letters, counting ÷ × ª º ¯ ¿ and friends as letters."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        inside = ch.isalpha() or ch in _MOJIBAKE_CHARS
        if inside and start < 0:
            start = i
        elif not inside and start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(text)))
    return spans


def _mojibake_words(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Which words are mis-decoded Cyrillic (see the module docstring for the rules)."""
    pure = [all(ch in _MOJIBAKE_CHARS for ch in text[a:b]) for a, b in spans]
    flagged = [p and b - a >= 2 for p, (a, b) in zip(pure, spans, strict=True)]
    # A lone letter goes with Cyrillic neighbours too ("словарь, ò. 1" is "словарь, т. 1"),
    # unless it is a word of its own in a Western language ("à", "è", "Ó").
    cyrillic = [all(_is_cyrillic(ch) for ch in text[a:b]) for a, b in spans]
    # Repeat so that "Ã. Ô. Êðèâîøååâ" spreads left along the initials.
    changed = True
    while changed:
        changed = False
        for i, (is_pure, is_flagged) in enumerate(zip(pure, flagged, strict=True)):
            if is_pure and not is_flagged and _neighbour_on_line(text, spans, flagged, cyrillic, i):
                flagged[i] = changed = True
    return flagged


def _neighbour_on_line(
    text: str, spans: list[tuple[int, int]], flagged: list[bool], cyrillic: list[bool], i: int
) -> bool:
    """Whether the word before or after word `i`, on the same line, is mojibake or Cyrillic."""
    lone_western = text[spans[i][0] : spans[i][1]] in _WESTERN_WORDS
    for j in (i - 1, i + 1):
        if 0 <= j < len(spans) and (flagged[j] or (cyrillic[j] and not lone_western)):
            gap = text[min(spans[i][1], spans[j][1]) : max(spans[i][0], spans[j][0])]
            if "\n" not in gap:
                return True
    return False


def _mojibake_runs(text: str) -> list[tuple[int, int]]:
    """Spans of mojibake; neighbouring mojibake words separated only by spaces, digits and
    punctuation form one run, so the before/after view shows whole phrases."""
    spans = _words(text)
    flagged = _mojibake_words(text, spans)
    runs: list[tuple[int, int]] = []
    for (a, b), is_flagged in zip(spans, flagged, strict=True):
        if not is_flagged:
            continue
        if (
            runs
            and "\n" not in text[runs[-1][1] : a]
            and not any(ch.isalpha() for ch in text[runs[-1][1] : a])
        ):
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs


def _decode(run: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in run)


def find_runs(text: str) -> list[Run]:
    """Every stretch of `text` that repair would change, in order, with its repaired form."""
    spans = _mojibake_runs(text)
    plain = [_decode(text[a:b], _WIN1251) for a, b in spans]
    seen = set(text) | set("".join(plain))
    table = _WIN1251 if seen & _UKRAINIAN_ONLY else {**_WIN1251, **_MONGOLIAN}
    runs = [Run(a, b, text[a:b], _decode(text[a:b], table)) for a, b in spans]

    repaired = _apply(text, runs)
    if set(repaired) & _UKRAINIAN_ONLY or not set(repaired) & _NOT_UKRAINIAN:
        return runs
    # Mongolian read through a Ukrainian code page: words already Cyrillic that carry ї/є.
    taken = [(r.start, r.end) for r in runs]
    for a, b in _words(text):
        word = text[a:b]
        if (
            any(ch in _UKRAINIAN_AS_MONGOLIAN for ch in word)
            and all(_is_cyrillic(ch) for ch in word)
            and not any(s <= a < e for s, e in taken)
        ):
            runs.append(Run(a, b, word, _decode(word, _UKRAINIAN_AS_MONGOLIAN)))
    return sorted(runs, key=lambda r: r.start)


def _apply(text: str, runs: list[Run]) -> str:
    parts: list[str] = []
    at = 0
    for run in runs:
        parts.append(text[at : run.start])
        parts.append(run.repaired)
        at = run.end
    parts.append(text[at:])
    return "".join(parts)


def looks_mojibake(text: str) -> bool:
    """Whether `text` holds Cyrillic mis-decoded as Latin-1/CP1252 (or Mongolian as Ukrainian)."""
    return bool(find_runs(text))


def repair(text: str) -> str:
    """`text` with every mis-decoded run replaced by its Cyrillic; other text is left untouched."""
    return _apply(text, find_runs(text))
