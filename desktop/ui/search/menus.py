"""The menu entries of search, text repair and export/import, installed together by `install`.

- Edit > Find… (Ctrl+F): the search panel (`desktop.ui.search.panel`);
- Edit > Repair text…: before/after repair of the focused field's selection, or of pasted text
  (`desktop.ui.repair.dialog`);
- File > Export… and File > Import JSON… (`desktop.ui.exchange`), run on the task runner.

Only the main window's public API is used (see `desktop.ui.features`). The three controllers
are QObject children of the window: they live as long as it does, and `window.findChild`
finds them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.ui.exchange.actions import ExchangeActions
from desktop.ui.repair.actions import RepairActions
from desktop.ui.search.panel import SearchPanel


def _find(menu: QMenu, text: str) -> int | None:
    items = menu.actions()
    return next((i for i, a in enumerate(items) if text in a.text().replace("&", "") and a.isVisible()), None)


def insert_after(menu: QMenu, actions: list[QAction], *, after_text: str) -> bool:
    """Insert `actions` right after the visible action whose text contains `after_text`."""
    anchor = _find(menu, after_text)
    if anchor is None:
        return False
    items = menu.actions()
    if anchor + 1 < len(items):
        menu.insertActions(items[anchor + 1], actions)
    else:
        menu.addActions(actions)
    return True


def insert_before(menu: QMenu, actions: list[QAction], *, before_text: str) -> None:
    """Insert `actions` as a group of their own (between separators) before the action whose text
    contains `before_text` and its separator, or at the end when there is none."""
    items = menu.actions()
    anchor = _find(menu, before_text)
    if anchor is None:
        if items and not items[-1].isSeparator():
            menu.addSeparator()
        menu.addActions(actions)
        return
    if anchor > 0 and items[anchor - 1].isSeparator():
        anchor -= 1  # go before the separator that opens the anchor's group
    before = items[anchor]
    menu.insertActions(before, actions)
    if not before.isSeparator():
        menu.insertSeparator(before)
    if anchor > 0 and not items[anchor - 1].isSeparator():
        menu.insertSeparator(actions[0])


class FindActions(QObject):
    """Edit > Find…: one search panel per window, created when first asked for."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.main = window
        self.panel: SearchPanel | None = None
        # Used only when the window has no Find action of its own to hand over (see install).
        self.action = QAction("&Find…", window)
        self.action.setShortcuts(QKeySequence.StandardKey.Find)
        self.action.setStatusTip(
            "Search the whole project: questions, notes, requests, archives, sources, letters"
        )
        self.action.triggered.connect(self.show_panel)

    def show_panel(self) -> SearchPanel:
        if self.panel is None:
            self.panel = SearchPanel(self.main)
        if self.panel.isVisible():
            self.panel.raise_()  # behind the main window: bring it back to the front
        else:
            self.panel.show()
        self.panel.activateWindow()
        self.panel.focus_query()
        return self.panel


def install(window: Any) -> None:
    """Add Find and Repair text to the Edit menu, Export and Import JSON to the File menu."""
    find = FindActions(window)
    repair = RepairActions(window)
    edit = window.menu("&Edit")
    set_find_handler = getattr(window, "set_find_handler", None)
    if set_find_handler is not None:
        # The window's own Edit > Find (Ctrl+F) opens the panel: one Find entry, where it belongs.
        set_find_handler(find.show_panel)
        if not insert_after(edit, [repair.action], after_text="Find"):
            insert_before(edit, [repair.action], before_text="Preferences")
    else:
        insert_before(edit, [find.action, repair.action], before_text="Preferences")
    exchange = ExchangeActions(window)
    insert_before(window.menu("&File"), [exchange.export_action, exchange.import_action], before_text="Quit")
