"""Files shipped with Quaestio (letter templates, demo data, icons).

In a wheel or a frozen bundle they sit inside the package (`desktop/resources`); in a source
checkout they are the top-level `resources/` folder beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "resources"
_CHECKOUT = Path(__file__).parent.parent / "resources"


def resources_dir() -> Path:
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
