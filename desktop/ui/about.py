"""Help > About Quaestio: the version, what it runs on and where its files are.

The same facts are copied as plain text by one button, so a bug report carries them exactly;
nothing here is typed by hand from a screenshot.
"""

from __future__ import annotations

import platform
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

import desktop
from desktop import APP_ID, APP_NAME, __version__

SUMMARY = (
    "Keeps track of open historical questions, the archives that may answer them, "
    "and the requests sent there."
)
MAX_FIELD_WIDTH = 640  # pixels, less on a small screen
LICENCE = "Free software under the GNU General Public License, version 3 or later."


@dataclass(frozen=True)
class AboutFacts:
    """Everything the dialog shows, as (label, value) pairs in display order."""

    items: tuple[tuple[str, str], ...]

    def as_text(self) -> str:
        """Plain text for a bug report: one `Label: value` line each, under a title line."""
        return "\n".join([f"{APP_NAME} {__version__}", *(f"{label}: {value}" for label, value in self.items)])


def gather_facts(window: Any) -> AboutFacts:
    """The versions and paths of this installation and of the project open in `window`."""
    project = window.project
    if project is None:
        project_text = "none open"
    else:
        project_text = str(project.path) + (" (read-only)" if project.readonly else "")
    paths = window.paths
    qt_platform = QGuiApplication.platformName() or "unknown"
    return AboutFacts(
        items=(
            ("Installed as", installation_kind()),
            ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
            ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__}, {qt_platform} platform)"),
            ("SQLite", sqlite3.sqlite_version),
            ("System", platform.platform()),
            ("Project", project_text),
            ("Data folder", str(paths.data_dir)),
            ("Settings", str(paths.config_file)),
            ("Log file", str(paths.log_file)),
        )
    )


def installation_kind() -> str:
    """How this copy was installed: bugs in a bundle, a wheel and a checkout differ."""
    if getattr(sys, "frozen", False):
        return f"bundled application in {Path(sys.executable).parent}"
    package = Path(desktop.__file__).resolve().parent
    if "site-packages" in package.parts:
        return f"Python package in {package.parent}"
    return f"source checkout in {package.parent}"


class AboutDialog(QDialog):
    """Version and environment facts, with buttons to copy them and to open the data folder."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setWindowTitle(f"About {APP_NAME}")
        self.facts = gather_facts(window)
        self._data_dir: Path = window.paths.data_dir

        icon = QLabel(self)
        icon.setPixmap(_app_icon().pixmap(QSize(64, 64)))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2 style='margin:0'>{APP_NAME} {__version__}</h2>", self)
        summary = QLabel(f"{SUMMARY}<br><small>{LICENCE}</small>", self)
        summary.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(summary)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(12)
        top.addLayout(heading, 1)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.value_labels: dict[str, QLabel] = {}
        # Qt opens a window at most 2/3 of the screen wide; leave room for the row labels.
        max_width = min(MAX_FIELD_WIDTH, window.screen().availableGeometry().width() * 2 // 3 - 140)
        for label, value in self.facts.items:
            field = QLabel(value, self)
            field.setTextFormat(Qt.TextFormat.PlainText)
            # A long path is shortened in the middle (QLabel would only break it at spaces);
            # the tooltip and the copied text keep it whole.
            shown = field.fontMetrics().elidedText(value, Qt.TextElideMode.ElideMiddle, max_width)
            if shown != value:
                field.setText(shown)
                field.setToolTip(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.value_labels[label] = field
            form.addRow(f"{label}:", field)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy details", self)
        self.copy_button.setToolTip("Copy these facts to the clipboard, to paste into a bug report")
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton("Open &data folder", self)
        self.folder_button.setToolTip(str(self._data_dir))
        self.folder_button.clicked.connect(self.open_data_folder)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.feedback = QLabel("", self)
        self.feedback.setObjectName("feedback")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        summary.setMinimumWidth(420)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.facts.as_text())
        self.feedback.setText("Copied to the clipboard: paste it into your bug report.")

    def open_data_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir))):
            self.feedback.setText(f"Could not open a file manager; the folder is {self._data_dir}")


def _app_icon() -> QIcon:
    icon = QApplication.windowIcon()
    if icon.isNull():
        from desktop.resources import resource_path

        icon = QIcon(str(resource_path("icons", f"{APP_ID}.svg")))
    return icon


def show_about(window: Any) -> AboutDialog:
    """Open the dialog window-modally (without blocking) and return it."""
    dialog = AboutDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install(window: Any) -> None:
    """Help > About Quaestio and Help > About Qt (on macOS both move to the application menu)."""
    help_menu = window.menu("&Help")
    about = QAction(f"&About {APP_NAME}", window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.setObjectName("action_about")
    about.triggered.connect(lambda: show_about(window))
    help_menu.addAction(about)
    about_qt = QAction("About &Qt", window)
    about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
    about_qt.triggered.connect(QApplication.aboutQt)
    help_menu.addAction(about_qt)


__all__ = ["AboutDialog", "AboutFacts", "gather_facts", "install", "show_about"]
