"""Small dialogs of the question pane: where to look, new request, person, source.

Each is opened window-modal with `open()` (not a blocking `exec()`), and its `accepted` signal
does the write, so a refused value keeps the dialog open with the message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.vocab import LANGUAGES, Likelihood, RequestKind
from desktop.ui.models.labels import LIKELIHOOD_LABELS, kind_label
from desktop.ui.workspace.fields import ChoiceCombo


def _text_box(lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class FormDialog(QDialog):
    """A titled form with OK/Cancel and room for an error line."""

    def __init__(self, parent: QWidget | None, title: str, intro: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # Set by the caller: does the write with `values()`; raises QuaestioError to keep the dialog open.
    on_submit: Callable[[dict[str, Any]], None] | None = None

    def values(self) -> dict[str, Any]:
        return {}

    def accept(self) -> None:
        if self.on_submit is not None:
            from desktop.store.errors import QuaestioError

            try:
                self.on_submit(self.values())
            except QuaestioError as exc:
                self.show_error(str(exc))
                return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


def archive_choices(archives: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(archives)


class HoldingDialog(FormDialog):
    """Where to look: an archive, how likely, why, what we expect there."""

    def __init__(
        self, parent: QWidget | None, archives: Sequence[tuple[str, str]], holding: Any = None
    ) -> None:
        super().__init__(parent, "Where to look" if holding is None else f"Where to look: {holding.archive}")
        self.archive = ChoiceCombo(archive_choices(archives), self)
        self.archive.setEditable(False)
        self.likelihood = ChoiceCombo([(x.value, LIKELIHOOD_LABELS[x.value]) for x in Likelihood], self)
        self.likelihood.load("medium")
        self.rationale = _text_box(4)
        self.expected = _text_box(3)
        self.form.addRow("&Archive", self.archive)
        self.form.addRow("&Likelihood", self.likelihood)
        self.form.addRow("&Why there", self.rationale)
        self.form.addRow("&Expected records", self.expected)
        if holding is not None:
            self.archive.load(holding.archive_id)
            self.archive.setEnabled(False)
            self.likelihood.load(holding.likelihood)
            self.rationale.setPlainText(holding.rationale)
            self.expected.setPlainText(holding.expected)

    def values(self) -> dict[str, Any]:
        return {
            "archive_id": self.archive.value(),
            "likelihood": self.likelihood.value(),
            "rationale": self.rationale.toPlainText().strip(),
            "expected": self.expected.toPlainText().strip(),
        }


class RequestDialog(FormDialog):
    """A new request: to which archive, of what kind; the letter language follows the archive."""

    def __init__(
        self,
        parent: QWidget | None,
        archives: Sequence[tuple[str, str]],
        archive_languages: dict[str, str],
        preferred_archive: str | None = None,
    ) -> None:
        super().__init__(
            parent,
            "New request",
            "The request starts as a draft. Its letter is written in the archive's language.",
        )
        self._languages = archive_languages
        self.archive = ChoiceCombo(archive_choices(archives), self)
        self.kind = ChoiceCombo([(k.value, kind_label(k.value)) for k in RequestKind], self)
        self.kind.load("archival_query")
        self.language = ChoiceCombo(list(LANGUAGES.items()), self)
        self.subject = QLineEdit(self)
        self.purpose = _text_box(4)
        self.form.addRow("&Archive", self.archive)
        self.form.addRow("&Kind", self.kind)
        self.form.addRow("Letter &language", self.language)
        self.form.addRow("&Subject", self.subject)
        self.form.addRow("&Purpose", self.purpose)
        self.archive.currentIndexChanged.connect(self._archive_changed)
        if preferred_archive:
            self.archive.load(preferred_archive)
        self._archive_changed()

    def _archive_changed(self) -> None:
        language = self._languages.get(self.archive.value() or "")
        if language:
            self.language.load(language)

    def values(self) -> dict[str, Any]:
        return {
            "archive_id": self.archive.value(),
            "kind": self.kind.value(),
            "language": self.language.value(),
            "subject": self.subject.text().strip(),
            "purpose": self.purpose.toPlainText().strip(),
        }


class PersonDialog(FormDialog):
    """Link a person: one already in the project, or a new one (Latin and original script)."""

    NEW = "__new__"

    def __init__(self, parent: QWidget | None, people: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent, "Add a person")
        self.existing = ChoiceCombo([(self.NEW, "A new person…"), *people], self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Komatsubara Michitarō")
        self.name_original = QLineEdit(self)
        self.name_original.setPlaceholderText("小松原道太郎")
        self.role = QLineEdit(self)
        self.role.setPlaceholderText("e.g. commander, 23rd Division")
        self.form.addRow("&Person", self.existing)
        self.form.addRow("&Name (Latin script)", self.name)
        self.form.addRow("Name in &original script", self.name_original)
        self.form.addRow("&Role in this question", self.role)
        self.existing.currentIndexChanged.connect(self._toggle)
        self._toggle()

    def _toggle(self) -> None:
        new = self.existing.value() == self.NEW
        self.name.setEnabled(new)
        self.name_original.setEnabled(new)

    def values(self) -> dict[str, Any]:
        chosen = self.existing.value()
        return {
            "person_id": None if chosen == self.NEW else chosen,
            "name": self.name.text(),
            "name_original": self.name_original.text(),
            "role": self.role.text().strip(),
        }


class SourceDialog(FormDialog):
    """Link a source: one already in the project, or a new citation."""

    NEW = "__new__"
    KINDS = (
        ("book", "Book"),
        ("article", "Article"),
        ("memoir", "Memoir"),
        ("web", "Web page"),
        ("other", "Other"),
    )

    def __init__(self, parent: QWidget | None, sources: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent, "Add a source")
        self.existing = QComboBox(self)
        self.existing.addItem("A new source…", self.NEW)
        for source_id, label in sources:
            self.existing.addItem(label, source_id)
        self.citation = QLineEdit(self)
        self.citation.setPlaceholderText(
            "Coox, Alvin D. Nomonhan: Japan against Russia, 1939. Stanford, 1985."
        )
        self.kind = ChoiceCombo(self.KINDS, self)
        self.year = QSpinBox(self)
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("unknown")
        self.pages = QLineEdit(self)
        self.note = QLineEdit(self)
        self.form.addRow("&Source", self.existing)
        self.form.addRow("&Citation", self.citation)
        self.form.addRow("&Kind", self.kind)
        self.form.addRow("&Year", self.year)
        self.form.addRow("&Pages", self.pages)
        self.form.addRow("&Note", self.note)
        self.existing.currentIndexChanged.connect(self._toggle)
        self._toggle()

    def _toggle(self) -> None:
        new = self.existing.currentData() == self.NEW
        for widget in (self.citation, self.kind, self.year):
            widget.setEnabled(new)

    def values(self) -> dict[str, Any]:
        chosen = self.existing.currentData()
        return {
            "source_id": None if chosen == self.NEW else chosen,
            "citation": self.citation.text(),
            "kind": self.kind.value(),
            "year": self.year.value() or None,
            "pages": self.pages.text().strip(),
            "note": self.note.text().strip(),
        }
