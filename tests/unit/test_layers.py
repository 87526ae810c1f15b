"""The house rules of DESIGN §1 that a test can check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

QT_FREE = ["desktop.store", "desktop.domain", "desktop.demo", "desktop.cli"]


def test_store_domain_and_command_line_never_import_qt():
    modules = [p for p in (REPO / "desktop").rglob("*.py") if p.parts[-2] in {"store", "domain", "cli"}]
    names = [
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for p in modules
        if "migrations" not in p.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names + QT_FREE!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


def test_widgets_never_touch_a_database_session():
    offenders = []
    for path in (REPO / "desktop" / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if any(
            word in text for word in ("import sqlmodel", "from sqlmodel", "from sqlalchemy", ".session()")
        ):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
