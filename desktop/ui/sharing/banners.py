"""Information bars above the pages: a project in a cloud or network folder, a project open
read-only because another Quaestio has it, conflicted copies left by a sync tool."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)

STYLES = {  # background, border, text
    "warning": ("#fff3cd", "#e0c36a", "#5c4400"),
    "info": ("#e7f1fb", "#9ec5ea", "#0b3d6b"),
    "locked": ("#fbe9e7", "#e3a79c", "#6d1b0f"),
}
ICONS = {
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "locked": QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class Banner(QToolBar):
    """One message with up to two buttons and × to hide it; lives in the window's top toolbar area."""

    def __init__(self, name: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.setObjectName(f"{name}Banner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user manages
        background, border, color = STYLES[kind]
        frame = QFrame()
        frame.setObjectName(f"{name}BannerFrame")
        frame.setStyleSheet(
            f"#{name}BannerFrame {{ background: {background}; border: 1px solid {border}; "
            "border-radius: 4px; }"
            f"#{name}BannerFrame QLabel {{ color: {color}; }}"
        )
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(10, 4, 4, 4)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(ICONS[kind]).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: list[QPushButton] = []
        self._button_box = QHBoxLayout()
        close = QToolButton()
        close.setText("×")
        close.setToolTip("Hide this message")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addLayout(self._button_box)
        layout.addWidget(close)
        self.addWidget(frame)
        self._frame, self._icon, self._close = frame, icon, close
        if parent is not None:
            parent.installEventFilter(self)
        self.dismissed = False
        self.hide()

    def show_message(self, text: str, actions: list[tuple[str, Callable[[], None]]] = ()) -> None:  # type: ignore[assignment]
        """Show `text` with buttons (label, handler); stays hidden if the user dismissed it."""
        self.label.setText(text)
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        for label, handler in actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, h=handler: h())
            self._button_box.addWidget(button)
            self.buttons.append(button)
        self.setVisible(not self.dismissed)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    def _fit(self) -> None:
        """Give the word-wrapped text the height it needs at the window's width.

        A toolbar sizes itself from its widgets' size hints, and a word-wrapped label's hint
        assumes a narrow label (many lines). Measuring against the window's width, which the
        banner's height cannot change, settles it without a layout loop.
        """
        window = self.parentWidget()
        total = window.width() if window is not None else self.width()
        layout = self._frame.layout()
        fixed = [self._icon, self._close, *self.buttons]
        others = sum(w.sizeHint().width() for w in fixed) + layout.spacing() * (len(fixed) + 1)
        margins = layout.contentsMargins()
        width = max(200, total - others - margins.left() - margins.right() - 24)
        height = self.label.heightForWidth(width)
        if height > 0 and height != self.label.minimumHeight():
            self.label.setFixedHeight(height)
            self._frame.updateGeometry()
            self.updateGeometry()

    def dismiss(self) -> None:
        self.dismissed = True
        self.hide()

    def clear(self) -> None:
        """A newly opened project: forget the dismissal, hide until there is something to say."""
        self.dismissed = False
        self.hide()


__all__ = ["Banner"]
