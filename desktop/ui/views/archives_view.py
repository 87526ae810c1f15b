"""The Archives page: the directory of archives with their ISDIAH description, editable.

Each field commits when the user leaves it, as one undoable edit; a new archive starts with a
name typed in the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.vocab import LANGUAGES
from desktop.ui import undo
from desktop.ui.models.archives import archives_model
from desktop.ui.models.labels import day
from desktop.ui.workspace.fields import ChoiceCombo, CommitLineEdit, CommitTextEdit
from desktop.ui.workspace.tables import current_id, fit_columns, keep_selection, make_table, select_id

if TYPE_CHECKING:
    from desktop.store.changes import Changes

# (field, label, multi-line?, hint): the ISDIAH identity, contact and access areas, plus letters.
FIELDS = (
    ("identifier", "Identifier", False, "RGVA"),
    ("name", "Authorised name", False, "Russian State Military Archive"),
    ("name_original", "Name in original script", False, "Российский государственный военный архив"),
    ("other_names", "Other names, acronyms", False, "РГВА; formerly ЦГАСА"),
    ("city", "City", False, "Moscow"),
    ("country", "Country (ISO code)", False, "RU"),
    ("address", "Postal address", True, ""),
    ("email", "E-mail", False, ""),
    ("website", "Website", False, ""),
    ("contact_person", "Contact person", False, ""),
    ("salutation", "Salutation in letters", False, "Уважаемый господин директор!"),
    ("access_conditions", "Access conditions", True, "Reading room, copies, declassification…"),
    ("notes", "Notes", True, ""),
)


class ArchivesView(QWidget):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_api = window
        self.setObjectName("archivesView")
        self.archive: Any = None
        self._stale = False

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter archives: name, acronym, city…")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.model = archives_model(self)
        self.view = make_table(self, self.model, stretch=1, sortable=True, name="Archives")
        fit_columns(self.view, {0: 10, 2: 14, 3: 7, 4: 10, 5: 9, 6: 8})
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.new_button = QPushButton("New archive", self)
        self.new_button.clicked.connect(self.new_archive)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.clicked.connect(self.delete_archive)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        form_box = QWidget(self)
        self.heading = QLabel(form_box)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.edited = QLabel(form_box)
        self.edited.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, CommitLineEdit | CommitTextEdit] = {}
        for name, label, multi, hint in FIELDS:
            widget: CommitLineEdit | CommitTextEdit = (
                CommitTextEdit(form_box, lines=3, grow=False) if multi else CommitLineEdit(form_box)
            )
            widget.setPlaceholderText(hint)
            widget.setAccessibleName(label)
            widget.committed.connect(lambda value, n=name: self._commit(n, value))
            self.fields[name] = widget
            form.addRow(label, widget)
        self.language = ChoiceCombo(list(LANGUAGES.items()), form_box)
        self.language.setToolTip("Letters to this archive are written in this language")
        self.language.committed.connect(lambda value: self._commit("language", value))
        self.regime = ChoiceCombo([], form_box)
        self.regime.setToolTip("The law whose deadlines apply to requests sent here")
        self.regime.committed.connect(lambda value: self._commit("regime_code", value))
        for combo in (self.language, self.regime):  # long regime names must not widen the form
            combo.setSizeAdjustPolicy(ChoiceCombo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        form.insertRow(7, "Letter language", self.language)
        form.insertRow(8, "Legal regime", self.regime)
        form_layout = QVBoxLayout(form_box)
        form_layout.addWidget(self.heading)
        form_layout.addWidget(self.edited)
        form_layout.addLayout(form)
        form_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        self.form_box = form_box

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("archivesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([600, 660])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self._show(None)

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        from desktop.store import queries, repo
        from desktop.store.models import LegalRegime

        project = self.window_api.project
        self._stale = False
        if project is None or not self.isVisible():  # a hidden page is read when shown
            self._stale = project is not None
            self.model.set_rows([])
            self._show(None)
            return
        regimes = project.read(repo.list_rows, entity=LegalRegime, order_by="code")
        self.regime.set_choices([("", "(none)"), *((r.code, r.name or r.code) for r in regimes)])
        rows = project.read(queries.archive_summaries, text=self.search.text())
        keep_selection(self.view, lambda: self.model.set_rows(rows))
        if current_id(self.view) is None and rows:
            select_id(self.view, self.archive.id if self.archive else rows[0].id)
        self._show(current_id(self.view))

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("archive", "holding", "request", "legal_regime"):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True  # re-read when shown

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        archive_id = self.model.id_at(current.row()) if current.isValid() else None
        if self.archive is None or archive_id != self.archive.id:
            self.commit_pending()
            self._show(archive_id)

    def _show(self, archive_id: str | None) -> None:
        project = self.window_api.project
        archive = None
        if archive_id and project is not None:
            from desktop.store import repo
            from desktop.store.errors import NotFound
            from desktop.store.models import Archive

            try:
                archive = project.read(repo.get, entity=Archive, id=archive_id)
            except NotFound:
                archive = None
        switched = archive is None or self.archive is None or archive.id != self.archive.id
        self.archive = archive
        self.form_box.setEnabled(archive is not None)
        self.delete_button.setEnabled(archive is not None)
        self.heading.setText(archive.name or archive.identifier if archive else "No archive selected")
        self.edited.setText(
            f"Last edited by {archive.updated_by or 'unknown'} on {day(archive.updated_at)}"
            if archive
            else ""
        )
        for name, widget in self.fields.items():
            if switched:
                widget.load("")
            widget.load(getattr(archive, name) if archive else "", archive.version if archive else None)
            widget.setReadOnly(project is None or project.readonly)
        self.language.load(archive.language if archive else "en")
        self.regime.load(archive.regime_code if archive else "")

    def commit_pending(self) -> None:
        if self.archive is None:
            return
        for widget in self.fields.values():
            widget.commit()

    # --- edits -----------------------------------------------------------------------------------

    def _commit(self, field: str, value: Any) -> None:
        archive = self.archive
        if archive is None:
            return
        label = dict((f, lab) for f, lab, _m, _h in FIELDS).get(field, field.replace("_", " "))
        undo.edit(
            self.window_api,
            "archive",
            archive.id,
            {field: getattr(archive, field)},
            {field: value},
            f"Edit {label.lower()} of {archive.identifier or archive.name}",
            version=getattr(self.fields.get(field), "base_version", None) or archive.version,
        )

    def new_archive(self) -> None:
        from desktop.store import workspace

        language = self.window_api.config.default_letter_language or "en"
        new_id = undo.create(
            self.window_api,
            "archive",
            "New archive",
            lambda p: p.write(workspace.new_archive, values={"name": "New archive", "language": language}),
        )
        if new_id:
            self.search.clear()
            self.refresh()
            select_id(self.view, new_id)
            self._show(new_id)
            self.fields["name"].setFocus()
            self.fields["name"].selectAll()  # type: ignore[union-attr]

    def delete_archive(self) -> None:
        if self.archive is not None:
            archive = self.archive
            undo.delete(
                self.window_api, "archive", archive.id, f"Delete archive {archive.identifier or archive.name}"
            )

    def delete_selected(self) -> bool:
        if self.archive is None:
            return False
        self.delete_archive()
        return True

    def select(self, archive_id: str) -> bool:
        self.search.clear()
        self.refresh()
        return select_id(self.view, archive_id)
