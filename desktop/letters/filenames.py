"""File names that every system accepts, in the letter's own script.

Windows refuses `/ \\ : * ? " < > |`, control characters, names ending in a dot or space, and
the device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension); macOS and Linux
refuse `/` and NUL and cap a name at 255 bytes. Cyrillic and Japanese are kept: a historian
wants "2026-11-26 РГВА Об изготовлении копий.pdf", not "2026-11-26_RGVA_.pdf".
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

RESERVED_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
    | {f"COM{c}" for c in "¹²³"}
    | {f"LPT{c}" for c in "¹²³"}
)
MAX_NAME_BYTES = 180  # well under 255, leaving room for " (2)" and a temporary suffix


def _cap_bytes(text: str, limit: int) -> str:
    """Cut so the UTF-8 form fits `limit` bytes: at a word's end where one is near, with "…"."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    cut = encoded[: limit - len("…".encode())].decode("utf-8", errors="ignore")
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


def safe_filename(name: str, *, suffix: str = "", fallback: str = "letter") -> str:
    """`name` made safe as a file name (with `suffix`, e.g. ".pdf", appended)."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"\s+", " ", text)  # tabs and line breaks become spaces
    text = RESERVED_CHARS.sub("_", text)
    text = re.sub(r"_{2,}", "_", text).strip(" ._")
    text = _cap_bytes(text, MAX_NAME_BYTES - len(suffix.encode("utf-8"))).rstrip(" .")
    if not text:
        text = fallback
    stem = text.split(".")[0].strip().upper()
    if stem in WINDOWS_DEVICES:
        text = f"_{text}"
    return text + suffix


def unique_path(folder: Path, filename: str) -> Path:
    """`folder/filename`, or "name (2).ext", "name (3).ext", ... if that exists: nothing is overwritten."""
    candidate = folder / filename
    if not candidate.exists():
        return candidate
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    number = 2
    while True:
        name = f"{stem} ({number}){'.' + ext if ext else ''}"
        candidate = folder / name
        if not candidate.exists():
            return candidate
        number += 1
