"""Sharing with collaborators: share and merge copies, backups and restore, history (issue 6)."""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    from desktop.ui.sharing.feature import SharingFeature

    window.sharing = SharingFeature(window)
