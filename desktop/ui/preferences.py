"""Edit ▸ Preferences: who you are (stamped on every change), the researcher profile that signs
request letters, and the default letter language. Kept per user (config.json), not in projects."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.config import Researcher
from desktop.domain.vocab import LANGUAGES
from desktop.ui.workspace.fields import ChoiceCombo

RESEARCHER_FIELDS = (
    ("full_name", "Full name", "e.g. Helen Marsh"),
    ("given_name", "Given name", "e.g. Helen"),
    ("patronymic", "Patronymic (where used)", "e.g. Ивановна"),
    ("family_name", "Family name", "e.g. Marsh"),
    ("name_original", "Name in Cyrillic or kanji", "e.g. Хелен Марш / ヘレン・マーシュ"),
    ("title", "Title", "e.g. PhD, Lecturer in History"),
    ("affiliation", "Affiliation", "e.g. University of …"),
    ("email", "E-mail", "e.g. name@example.org"),
    ("phone", "Phone", "e.g. +44 …"),
)


class PreferencesDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_api = window
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(620)
        config = window.config

        author = QWidget(self)
        author_form = QFormLayout(author)
        self.author_name = QLineEdit(config.author_name, author)
        self.author_name.setPlaceholderText(config.author)
        self.author_email = QLineEdit(config.author_email, author)
        note = QLabel(
            "Your name is stamped on every change you make, so collaborators see who changed what. "
            "Left empty, your login name is used.",
            author,
        )
        note.setWordWrap(True)
        author_form.addRow(note)
        author_form.addRow("&Name", self.author_name)
        author_form.addRow("&E-mail", self.author_email)

        profile = QWidget(self)
        profile_form = QFormLayout(profile)
        intro = QLabel(
            "Request letters are signed with this profile; empty fields are refused in letters.", profile
        )
        intro.setWordWrap(True)
        profile_form.addRow(intro)
        self.researcher: dict[str, QLineEdit] = {}
        for name, label, hint in RESEARCHER_FIELDS:
            box = QLineEdit(getattr(config.researcher, name), profile)
            box.setPlaceholderText(hint)
            self.researcher[name] = box
            profile_form.addRow(label, box)
        self.address = QPlainTextEdit(config.researcher.address, profile)
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        profile_form.insertRow(8, "Postal address", self.address)  # after the affiliation

        letters = QWidget(self)
        letters_form = QFormLayout(letters)
        self.language = ChoiceCombo(list(LANGUAGES.items()), letters)
        self.language.load(config.default_letter_language)
        explain = QLabel(
            "A letter is written in its archive's language; this one is used for new archives and "
            "when an archive has none.",
            letters,
        )
        explain.setWordWrap(True)
        letters_form.addRow(explain)
        letters_form.addRow("Default letter &language", self.language)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(author, "Author")
        self.tabs.addTab(profile, "Researcher profile")
        self.tabs.addTab(letters, "Letters")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def accept(self) -> None:
        window = self.window_api
        values = {name: box.text().strip() for name, box in self.researcher.items()}
        values["address"] = self.address.toPlainText().strip()
        known = {f.name for f in fields(Researcher)}
        config = replace(
            window.config,
            author_name=self.author_name.text().strip(),
            author_email=self.author_email.text().strip(),
            default_letter_language=self.language.value() or "en",
            researcher=Researcher(**{k: v for k, v in values.items() if k in known}),
        )
        window.update_config(config)
        if window.project is not None:  # later changes carry the new name
            window.project.identity = window.identity()
        super().accept()
