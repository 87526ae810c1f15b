"""Per-user settings kept in the config folder as JSON (not in the project file):
who the author is, the researcher profile that letters are signed with, this installation's
replica id (which tells collaborators' changes apart), and recently opened projects.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

MAX_RECENT = 10


@dataclass(frozen=True)
class Researcher:
    """The person who signs request letters."""

    full_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    family_name: str = ""
    name_original: str = ""  # e.g. the name in Cyrillic or kanji, for letters in that language
    title: str = ""  # "Professor of History"
    affiliation: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Config:
    author_name: str = ""
    author_email: str = ""
    replica_id: str = ""
    default_letter_language: str = "en"
    researcher: Researcher = field(default_factory=Researcher)
    recent_projects: tuple[str, ...] = ()

    @property
    def author(self) -> str:
        """The name stamped on every change; never empty."""
        return self.author_name or _login_name()

    def with_recent(self, path: Path) -> Config:
        entry = str(path)
        recent = (entry, *(p for p in self.recent_projects if p != entry))[:MAX_RECENT]
        return replace(self, recent_projects=recent)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return f"user@{socket.gethostname()}"


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Keep only the keys a dataclass knows, so an older or newer config file still loads."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def load_config(path: Path) -> Config:
    """Read the config; a missing or unreadable file gives the defaults (and a fresh replica id)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    researcher = data.get("researcher")
    values = _known(Config, data)
    values["researcher"] = Researcher(
        **_known(Researcher, researcher if isinstance(researcher, dict) else {})
    )
    values["recent_projects"] = tuple(str(p) for p in values.get("recent_projects") or ())
    config = Config(**values)
    if not config.replica_id:
        config = replace(config, replica_id=str(uuid.uuid4()))
        with contextlib.suppress(OSError):  # a read-only config folder: keep the id for this run only
            save_config(path, config)
    return config


def save_config(path: Path, config: Config) -> None:
    """Write atomically, so a crash never leaves half a config file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(config)
    data["recent_projects"] = list(config.recent_projects)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
