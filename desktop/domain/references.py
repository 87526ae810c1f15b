"""Archival references written the way each archive tradition writes them.

A reference is stored as parts (`ArchivalReference.parts`) in one of the styles of
`desktop.domain.vocab.ReferenceStyle`. This module turns the parts into the text a letter, a
citation or a list shows, in the language of the text it goes into:

- Russian (ru): фонд / опись / дело / лист: "ф. 32113, оп. 1, д. 203, л. 6–7"; in Latin script
  "f. 32113, op. 1, d. 203, l. 6–7". "об." (verso) is kept as written in the folio part.
- Mongolian (mn): хөмрөг / данс / хадгаламжийн нэгж: "ф. 6, д. 1, х.н. 83" in Cyrillic, the
  British Library's "F-6, D-1, HN-83" in Latin script.
- Japanese (jp): the holder's call number (請求番号) and, for material online at JACAR, the
  reference code: "請求番号 陸軍省-大日記甲輯-S14-1-2、JACAR Ref. C01001234500".
- United States (us): NARA's Record Group / Entry / Box / Folder: "RG 263, Entry 16, Box 130,
  Folder “Tsuji Masanobu”".
- other: the free text in `parts["text"]`.

Empty parts are left out, so a reference known only to the fond ("ф. 32113") still reads well.
No Qt, no database.
"""

from __future__ import annotations

from collections.abc import Mapping

# Script of the text the reference goes into: Cyrillic for Russian and Mongolian letters.
CYRILLIC_LANGUAGES = frozenset({"ru", "mn"})

_RU_CYRILLIC = (("fond", "ф."), ("opis", "оп."), ("delo", "д."), ("list", "л."))
_RU_LATIN = (("fond", "f."), ("opis", "op."), ("delo", "d."), ("list", "l."))
_MN_CYRILLIC = (("fond", "ф."), ("dans", "д."), ("khadgalamj", "х.н."), ("list", "х."))
_MN_LATIN = (("fond", "F-"), ("dans", "D-"), ("khadgalamj", "HN-"), ("list", "f. "))
# Older or hand-typed data may use these spellings of the same parts.
_ALIASES = {
    "f": "fond",
    "op": "opis",
    "d": "delo",
    "file": "delo",
    "l": "list",
    "folio": "list",
    "listy": "list",
    "khn": "khadgalamj",
    "hn": "khadgalamj",
    "call": "call_number",
    "record_group": "rg",
}


def _clean(parts: object) -> dict[str, str]:
    # `parts` is a JSON column: a collaborator's copy (or sqlite3) may hold null, a list or a
    # string there; such a value is shown as free text rather than breaking a letter or a list.
    if not isinstance(parts, Mapping):
        text = "" if parts is None else str(parts).strip()
        return {"text": text} if text else {}
    cleaned: dict[str, str] = {}
    for key, value in parts.items():
        text = str(value).strip() if value is not None else ""
        if text:
            name = str(key).lower()
            cleaned.setdefault(_ALIASES.get(name, name), text)
    return cleaned


def _folio_label(label: str, value: str) -> str:
    """Several folios ("6-7", "12, 14") take the plural abbreviation: лл. / ll."""
    plural = any(ch in value for ch in "-–,")
    if label == "л." and plural:
        return "лл."
    if label == "l." and plural:
        return "ll."
    return label


def _dashes(value: str) -> str:
    """A range of folios or boxes is written with an en dash: 6–7."""
    return value.replace("--", "–").replace("-", "–") if value[:1].isdigit() else value


def _soviet(parts: dict[str, str], labels: tuple[tuple[str, str], ...]) -> str:
    out = []
    for key, label in labels:
        if key in parts:
            value = _dashes(parts[key]) if key == "list" else parts[key]
            out.append(f"{_folio_label(label, value)} {value}")
    return ", ".join(out)


def _mongolian(parts: dict[str, str], cyrillic: bool) -> str:
    if cyrillic:
        return _soviet(parts, _MN_CYRILLIC)
    return ", ".join(f"{label}{parts[key]}" for key, label in _MN_LATIN if key in parts)


def _quoted(value: str, language: str) -> str:
    """Entry and folder titles are quoted; numbers and codes ("A1 16", "ZZ-18") are not."""
    if not any(ch.islower() for ch in value):
        return value
    return f"«{value}»" if language in CYRILLIC_LANGUAGES else f"“{value}”"


def _american(parts: dict[str, str], language: str) -> str:
    out = []
    if "rg" in parts:
        out.append(f"RG {parts['rg']}")
    if "entry" in parts:
        out.append(f"Entry {_quoted(parts['entry'], language)}")
    if "box" in parts:
        out.append(f"Box {_dashes(parts['box'])}")
    if "folder" in parts:
        out.append(f"Folder {_quoted(parts['folder'], language)}")
    if "title_of_file" in parts and "folder" not in parts:
        out.append(_quoted(parts["title_of_file"], language))
    return ", ".join(out)


def _japanese(parts: dict[str, str], language: str) -> str:
    call, jacar = parts.get("call_number", ""), parts.get("jacar", "")
    if language == "ja":
        out = [f"請求番号 {call}"] if call else []
        if jacar:
            out.append(f"JACAR Ref. {jacar}")
        return "、".join(out)
    out = [f"call no. {call}"] if call else []
    if jacar:
        out.append(f"JACAR Ref. {jacar}")
    return ", ".join(out)


def format_reference(style: str, parts: Mapping[str, object], *, language: str = "en") -> str:
    """The reference in the archive's style, for a text written in `language` ("" if no parts)."""
    cleaned = _clean(parts)
    cyrillic = language in CYRILLIC_LANGUAGES
    if style == "ru":
        return _soviet(cleaned, _RU_CYRILLIC if cyrillic else _RU_LATIN)
    if style == "mn":
        return _mongolian(cleaned, cyrillic)
    if style == "us":
        return _american(cleaned, language)
    if style == "jp":
        return _japanese(cleaned, language)
    return cleaned.get("text", ", ".join(cleaned.values()))


def with_archive(reference: str, archive: str, *, language: str = "en") -> str:
    """A full citation: "РГВА, ф. 32113, оп. 1, д. 203" / "外務省外交史料館所蔵 請求番号 …"."""
    if not reference:
        return archive
    if not archive:
        return reference
    if language == "ja":
        return f"{archive}所蔵 {reference}"
    return f"{archive}, {reference}"


# The parts each style stores, in order, with a label for editors and the letter-variable list.
STYLE_PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (("fond", "fond (ф.)"), ("opis", "opis (оп.)"), ("delo", "delo (д.)"), ("list", "folios (л.)")),
    "mn": (
        ("fond", "fond (хөмрөг, ф.)"),
        ("dans", "inventory (данс, д.)"),
        ("khadgalamj", "storage unit (хадгаламжийн нэгж, х.н.)"),
    ),
    "jp": (("call_number", "call number (請求番号)"), ("jacar", "JACAR reference code")),
    "us": (
        ("rg", "Record Group"),
        ("entry", "Entry"),
        ("box", "Box"),
        ("folder", "Folder"),
        ("title_of_file", "file title"),
    ),
    "other": (("text", "reference"),),
}
