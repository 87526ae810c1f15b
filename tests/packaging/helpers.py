"""What the packaging tests share: the checkout's folders and reading PNG sizes without Qt."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
LINUX = PACKAGING / "linux"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def tool(name: str) -> str:
    """The path of a system tool the tests need; `make test` installs it (tools/system-packages.sh)."""
    found = shutil.which(name)
    assert found, f"{name} is missing: run tools/system-packages.sh (make test does) to install it"
    return found


def packaging_module(name: str) -> ModuleType:
    """Import one of the scripts in packaging/ (a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
