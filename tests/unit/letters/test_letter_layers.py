"""`desktop.letters` works without Qt (the command line writes DOCX, e-mail and text with none);
only `desktop.letters.pdf` may import it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_letters_import_no_qt_except_the_pdf_module():
    names = sorted(
        f"desktop.letters.{p.stem}" for p in (REPO / "desktop" / "letters").glob("*.py") if p.stem != "pdf"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {[*names, 'desktop.domain.references', 'desktop.store.templates']!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"
    assert "desktop.letters.export" in names and "desktop.letters.word" in names
