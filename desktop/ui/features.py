"""Features that add their menus, views and dialogs to the main window.

Each entry is `install(window)`, called once at the end of `MainWindow.__init__`. A feature
uses only the window's public API: `menu(title)`, `project`, `project_changed`, `changes`,
`runner`, `paths`, `config`, `show_question(id)`, `show_request(id)`, `selected_request_ids()`,
`add_page(name, widget)`, `show_page(name)` and `report_error(title, exc)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Installer = Callable[[Any], None]


def installers() -> list[Installer]:
    """Imported here, not at module level, so a feature's imports cost nothing until the window exists."""
    found: list[Installer] = []
    from desktop.ui import overview  # deadlines: the overview page, banner, legal regimes

    found.append(overview.install)
    from desktop.ui import letters  # letters: preview, template editor, batch export

    found.append(letters.install)
    from desktop.ui import about  # last, so About stays at the end of the Help menu

    found.append(about.install)
    return found
