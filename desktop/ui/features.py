"""Features that add their menus, views and dialogs to the main window.

Each entry is `install(window)`, called once at the end of `MainWindow.__init__`. A feature
uses only the window's public API: `menu(title)`, `project`, `project_changed`, `changes`,
`runner`, `paths`, `config`, `show_question(id)`, `show_request(id)`, `selected_request_ids()`,
`add_page(name, widget, home=False)` (the home page goes first), `show_page(name)` and
`report_error(title, exc)`.

Also available (the workspace, issue 3):
- `selected_question_id()`: the question selected in the Questions page, or None;
- `show_request(id)` opens (or raises) the request window and returns it;
- `today()`: the date used for days left and overdue (tests construct the window with a fixed one);
- `undo_stack`: the QUndoStack behind Edit ▸ Undo/Redo (`desktop.ui.undo` has ready commands);
- `set_find_handler(fn)`: Edit ▸ Find (Ctrl+F) calls `fn` instead of focusing the page's filter box;
- `identity()`: who writes (author, replica id) as the preferences say; `adopt_project(project)`
  makes an already opened Project (created, imported, restored) the window's project;
- `flush_edits()`: saves typed but unsaved text (notes, fields) before a copy, merge or close;
- `report_readonly()`: the standard message when a write is attempted on a read-only project;
- `open_project(path, readonly=)`, `close_project()`, `project_path`, `update_config(config)`.
Pages added by features go before the Trash, inside a scroll area, and get a View menu entry
with Ctrl+<n>. A feature's action that takes a built-in shortcut wins it (the built-in one
loses the key), so no shortcut is ever ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Installer = Callable[[Any], None]


def installers() -> list[Installer]:
    """Imported here, not at module level, so a feature's imports cost nothing until the window exists."""
    found: list[Installer] = []
    from desktop.ui.search import menus as search_repair_exchange

    found.append(search_repair_exchange.install)
    from desktop.ui import overview  # deadlines: the overview page, banner, legal regimes

    found.append(overview.install)
    from desktop.ui import letters  # letters: preview, template editor, batch export

    found.append(letters.install)
    from desktop.ui import sharing  # share and merge copies, backups, history

    found.append(sharing.install)
    from desktop.ui import server  # team server: connect, move, live changes, presence, conflicts

    found.append(server.install)
    from desktop.ui import about  # last, so About stays at the end of the Help menu

    found.append(about.install)
    return found
