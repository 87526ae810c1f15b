"""File > Export… and File > Import JSON…: what to write and where, chosen in one small dialog.

The dialogs only collect choices (with native file dialogs behind "Choose…"); the work runs on
the task runner (see `desktop.ui.search.menus`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME

PROJECT_SUFFIX = ".quaestio"  # desktop.store.project.PROJECT_SUFFIX, without importing the store here


@dataclass(frozen=True)
class ExportChoice:
    kind: str  # "csv-zip", "csv-folder" or "json"
    path: Path

    @property
    def format(self) -> str:
        return "json" if self.kind == "json" else "csv"


KINDS = {
    "csv-zip": (
        "Spreadsheet tables in one .zip file",
        "questions.csv, holdings.csv, requests.csv and archives.csv (UTF-8; LibreOffice and Excel open them)",
    ),
    "csv-folder": ("Spreadsheet tables in a folder", "the same four CSV files, written into a folder"),
    "json": (
        "The whole project as JSON",
        "everything, with its history and Trash; File > Import JSON rebuilds the project from it",
    ),
}


def _row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None, project_path: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(620)
        self._project_path = project_path
        self._default_shown = ""  # the suggested path on show; a path the user chose is kept

        box = QGroupBox("What to export", self)
        box_layout = QVBoxLayout(box)
        self.kind_buttons = QButtonGroup(self)
        self.kind_radios: dict[str, QRadioButton] = {}
        for kind, (label, detail) in KINDS.items():
            radio = QRadioButton(label, box)
            radio.setProperty("kind", kind)
            hint = QLabel(detail, box)
            hint.setWordWrap(True)
            hint.setContentsMargins(24, 0, 0, 6)
            hint.setEnabled(False)  # drawn in the muted colour of the style
            box_layout.addWidget(radio)
            box_layout.addWidget(hint)
            self.kind_buttons.addButton(radio)
            self.kind_radios[kind] = radio
        self.kind_radios["csv-zip"].setChecked(True)
        self.kind_buttons.buttonToggled.connect(self._kind_changed)

        self.path_edit = QLineEdit(self)
        self.path_edit.textChanged.connect(self._validate)
        choose = QPushButton("Choose…", self)
        choose.clicked.connect(self._choose)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Save to:", _row(self.path_edit, choose))

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._kind_changed()

    @property
    def kind(self) -> str:
        return str(self.kind_buttons.checkedButton().property("kind"))

    def set_kind(self, kind: str) -> None:
        self.kind_radios[kind].setChecked(True)

    def choice(self) -> ExportChoice:
        return ExportChoice(self.kind, Path(self.path_edit.text().strip()).expanduser())

    def default_path(self, kind: str) -> Path:
        folder, stem = self._project_path.parent, self._project_path.stem
        return {
            "csv-zip": folder / f"{stem} tables.zip",
            "csv-folder": folder / f"{stem} tables",
            "json": folder / f"{stem}.json",
        }[kind]

    def _kind_changed(self, *_args: object) -> None:
        if self.path_edit.text() in ("", self._default_shown):
            self._default_shown = str(self.default_path(self.kind))
            self.path_edit.setText(self._default_shown)
        self._validate()

    def _choose(self) -> None:
        current = self.path_edit.text().strip() or str(self.default_path(self.kind))
        if self.kind == "csv-folder":
            name = QFileDialog.getExistingDirectory(
                self, "Export tables into folder", str(Path(current).parent)
            )
        elif self.kind == "csv-zip":
            name, _ = QFileDialog.getSaveFileName(self, "Export tables", current, "Zip archives (*.zip)")
        else:
            name, _ = QFileDialog.getSaveFileName(self, "Export project", current, "JSON files (*.json)")
        if name:
            self.path_edit.setText(name)

    def _validate(self, *_args: object) -> None:
        problem = export_problem(self.choice()) if self.path_edit.text().strip() else "Choose where to save."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.export_button.setEnabled(not problem)


def export_problem(choice: ExportChoice) -> str:
    """What is wrong with the chosen place, in words; empty when it is fine."""
    path = choice.path
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    if choice.kind == "csv-folder":
        if path.exists() and not path.is_dir():
            return f"{path.name} is a file; choose a folder."
        return ""
    if path.is_dir():
        return f"{path.name} is a folder; choose a file name."
    suffix = ".zip" if choice.kind == "csv-zip" else ".json"
    if path.suffix.lower() != suffix:
        return f"The file name should end in {suffix}."
    return ""


class ImportDialog(QDialog):
    """Choose a JSON export and the NEW project file to build from it."""

    def __init__(self, parent: QWidget | None, start_folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import JSON")
        self.setMinimumWidth(620)
        self._start_folder = start_folder
        self._suggested = ""  # the target name we suggested; one the user chose is kept

        intro = QLabel(
            f"Builds a new project file from a JSON export of {APP_NAME} (File > Export > whole project), "
            "then opens it. The project open now is not changed."
        )
        intro.setWordWrap(True)
        self.source_edit = QLineEdit(self)
        self.source_edit.setPlaceholderText("the .json file")
        self.source_edit.textChanged.connect(self._source_changed)
        choose_source = QPushButton("Choose…", self)
        choose_source.clicked.connect(self._choose_source)
        self.target_edit = QLineEdit(self)
        self.target_edit.setPlaceholderText(f"the new {PROJECT_SUFFIX} file")
        self.target_edit.textChanged.connect(self._validate)
        choose_target = QPushButton("Choose…", self)
        choose_target.clicked.connect(self._choose_target)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("JSON file:", _row(self.source_edit, choose_source))
        form.addRow("New project:", _row(self.target_edit, choose_target))

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            "&Import and open", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._validate()

    @property
    def source(self) -> Path:
        return Path(self.source_edit.text().strip()).expanduser()

    @property
    def target(self) -> Path:
        return Path(self.target_edit.text().strip()).expanduser()

    def _source_changed(self, text: str) -> None:
        if text.strip() and self.target_edit.text() in ("", self._suggested):
            self._suggested = str(free_project_name(self.source))
            self.target_edit.setText(self._suggested)
        self._validate()

    def _choose_source(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import JSON", str(self._start_folder), "JSON exports (*.json);;All files (*)"
        )
        if name:
            self.source_edit.setText(name)

    def _choose_target(self) -> None:
        current = self.target_edit.text().strip() or str(self._start_folder / f"imported{PROJECT_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(
            self,
            "New project file",
            current,
            f"{APP_NAME} projects (*{PROJECT_SUFFIX})",
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused below
        )
        if name:
            if not name.endswith(PROJECT_SUFFIX):
                name += PROJECT_SUFFIX
            self.target_edit.setText(name)

    def _validate(self, *_args: object) -> None:
        problem = import_problem(self.source_edit.text().strip(), self.target_edit.text().strip())
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem) and bool(self.source_edit.text().strip()))
        self.import_button.setEnabled(not problem)


def import_problem(source: str, target: str) -> str:
    """What stops the import, in words; empty when it can start (the file itself is checked then)."""
    if not source:
        return "Choose the JSON file to import."
    if not Path(source).expanduser().is_file():
        return f"There is no file at {source}."
    if not target:
        return "Choose a name for the new project file."
    path = Path(target).expanduser()
    if path.suffix != PROJECT_SUFFIX:
        return f"Project files end in {PROJECT_SUFFIX}."
    if path.exists():
        return f"{path.name} already exists; the import makes a new file, so choose another name."
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    return ""


def free_project_name(source: Path) -> Path:
    """`source` with the project suffix, numbered when that name is taken: "notes (2).quaestio"."""
    candidate = source.with_suffix(PROJECT_SUFFIX)
    n = 2
    while candidate.exists():
        candidate = source.with_name(f"{source.stem} ({n}){PROJECT_SUFFIX}")
        n += 1
    return candidate
