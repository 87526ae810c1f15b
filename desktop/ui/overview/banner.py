"""The non-modal banner shown when a project opens: "3 requests overdue, 2 due this week"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.ui.sharing.banners import Banner


def banner_text(overdue: int, due_soon: int) -> str:
    """ "3 requests overdue, 2 due this week"; "" when there is nothing to say."""
    if not overdue and not due_soon:
        return ""
    parts = []
    if overdue:
        parts.append(f"{overdue} request{'s' if overdue != 1 else ''} overdue")
    if due_soon:
        noun = "" if overdue else (" request" if due_soon == 1 else " requests")
        parts.append(f"{due_soon}{noun} due this week")
    return ", ".join(parts)


class DueBanner(Banner):
    """An information bar (`sharing.banners.Banner`) saying what is due: "Show overview" opens the
    overview, × hides it until another project opens."""

    def __init__(self, on_open: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__("due", "warning", parent)
        self.setWindowTitle("Deadlines")
        self._on_open = on_open
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)

    @property
    def open_button(self) -> QPushButton:
        return self.buttons[0]

    def show_counts(self, overdue: int, due_soon: int) -> None:
        text = banner_text(overdue, due_soon)
        if text:
            self.show_message(text, [("Show overview", self._on_open)])
        else:
            self.hide()

    def reset(self) -> None:
        """A newly opened project: show the banner again."""
        self.clear()


__all__ = ["DueBanner", "banner_text"]
