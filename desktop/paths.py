"""Where Quaestio keeps its files: one immutable `Paths` value, made once at start-up.

platformdirs gives the per-user folders; `--data-dir` or `QUAESTIO_DATA_DIR` puts everything
(data, config, backups, logs) under one folder instead, for tests, portable use and the smoke test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_NAME

ENV_DATA_DIR = "QUAESTIO_DATA_DIR"
DEMO_FILE_NAME = "Khalkhin Gol demo.quaestio"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path

    @property
    def projects_dir(self) -> Path:
        return self.data_dir / "projects"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "quaestio.log"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.json"

    @property
    def demo_project(self) -> Path:
        return self.projects_dir / DEMO_FILE_NAME

    def ensure(self) -> Paths:
        for folder in (self.data_dir, self.config_dir, self.projects_dir, self.backups_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The folders to use: an explicit data dir, else $QUAESTIO_DATA_DIR, else platformdirs."""
    chosen = data_dir or os.environ.get(ENV_DATA_DIR)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return Paths(data_dir=root, config_dir=root / "config")
    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
