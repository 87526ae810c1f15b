"""The non-modal banner shown when a project opens: "3 requests overdue, 2 due this week"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QToolBar, QToolButton, QWidget


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


class DueBanner(QToolBar):
    """An information bar above the pages; "Show overview" opens the overview, × hides it."""

    def __init__(self, on_open: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__("Deadlines", parent)
        self.setObjectName("dueBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user manages
        frame = QFrame()
        frame.setObjectName("dueBannerFrame")
        frame.setStyleSheet(
            "#dueBannerFrame { background: #fff3cd; border: 1px solid #e0c36a; border-radius: 4px; }"
            "#dueBannerFrame QLabel { color: #5c4400; }"
        )
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(10, 4, 4, 4)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        )
        self.label = QLabel()
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.open_button = QPushButton("Show overview")
        self.open_button.clicked.connect(on_open)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("Hide this message")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(close)
        self.addWidget(frame)
        self.dismissed = False
        self.hide()

    def show_counts(self, overdue: int, due_soon: int) -> None:
        text = banner_text(overdue, due_soon)
        self.label.setText(text)
        self.setVisible(bool(text) and not self.dismissed)

    def dismiss(self) -> None:
        self.dismissed = True
        self.hide()

    def reset(self) -> None:
        """A newly opened project: show the banner again."""
        self.dismissed = False


__all__ = ["DueBanner", "banner_text"]
