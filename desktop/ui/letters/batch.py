"""File ▸ Export letters…: the letters of many requests into one folder, with progress and cancel.

The work runs on the window's task runner (one worker thread), so the window stays responsive;
each letter is written, then recorded with its request, before the next begins, so cancelling
leaves every exported letter recorded and nothing half done. A request whose letter is not ready
(a missing value, an archive without an e-mail address for .eml) is listed with the reason and
the rest go on.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.letters.export import FORMAT_LABELS, BatchReport, check_profile, export_many
from desktop.ui.letters.common import (
    KIND_LABELS,
    default_batch_folder,
    language_name,
    remember_folder,
    researcher_of,
    today_of,
)

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Question", "Archive", "Language", "Kind", "Status", "Subject")


class BatchExportDialog(QDialog):
    finished_export = Signal(object)  # the BatchReport

    def __init__(self, window: Any, request_ids: list[str] | None = None) -> None:
        super().__init__(window)
        self.setObjectName("batchLetterExport")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.handle: Any = None
        self.report: BatchReport | None = None
        self._close_when_done = False
        self.setWindowTitle("Export letters")
        self.resize(980, 680)

        intro = QLabel(
            "Write the letters of the ticked requests into one folder, each in its archive's language. "
            "Every letter is recorded with its request, and drafts become ready to send.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Requests")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._count())
        select_drafts = QPushButton("Tick &drafts", self)
        select_drafts.clicked.connect(lambda: self._tick(lambda status: status == "draft"))
        select_all = QPushButton("Tick &all", self)
        select_all.clicked.connect(lambda: self._tick(lambda _status: True))
        select_none = QPushButton("Tick &none", self)
        select_none.clicked.connect(lambda: self._tick(lambda _status: False))
        self.count_label = QLabel(self)
        ticks = QHBoxLayout()
        for button in (select_drafts, select_all, select_none):
            ticks.addWidget(button)
        ticks.addStretch(1)
        ticks.addWidget(self.count_label)

        self.format = QComboBox(self)
        self.format.setAccessibleName("Format")
        for fmt, label in FORMAT_LABELS.items():
            self.format.addItem(label, fmt)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of letter")
        self.kind.addItem("Each request's own kind", None)
        for value, label in KIND_LABELS.items():
            self.kind.addItem(label, value)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        today = today_of(window)
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.folder = QLineEdit(str(default_batch_folder()), self)
        self.folder.setAccessibleName("Folder")
        browse = QPushButton("C&hoose…", self)
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Format", self.format)
        form.addRow("&Letter", self.kind)
        form.addRow("Da&te", self.date)
        form.addRow("F&older", folder_row)

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress")
        self.progress.setVisible(False)
        self.progress_label = QLabel(self)
        self.progress_label.setWordWrap(True)
        self.results = QListWidget(self)
        self.results.setAccessibleName("Results")
        self.results.setVisible(False)
        self.export_button = QPushButton("&Export", self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.open_button = QPushButton("Open &folder", self)
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self._open_folder)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 3)
        layout.addLayout(ticks)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)
        self._fill(request_ids or [])

    @property
    def project(self) -> Any:
        return self.window_.project

    # --- the list ------------------------------------------------------------------------------

    def _fill(self, preselected: list[str]) -> None:
        from desktop.domain.lifecycle import STATUS_LABELS, RequestStatus
        from desktop.store import queries

        archives = {a.id: a for a in self.project.read(queries.archive_summaries)}
        summaries = self.project.read(queries.request_summaries)
        self.table.blockSignals(True)
        self.table.setRowCount(len(summaries))
        for row, summary in enumerate(summaries):
            archive = archives.get(summary.archive_id)
            language = archive.language if archive is not None else summary.language
            values = (
                summary.question_code,
                summary.archive,
                language_name(language),
                KIND_LABELS.get(summary.kind, summary.kind),
                STATUS_LABELS.get(RequestStatus(summary.status), summary.status),
                summary.subject,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    ticked = summary.id in preselected if preselected else summary.status == "draft"
                    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                    item.setData(ID_ROLE, (summary.id, summary.status))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self._count()

    def _tick(self, rule: Any) -> None:
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            _request_id, status = item.data(ID_ROLE)
            item.setCheckState(Qt.CheckState.Checked if rule(status) else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._count()

    def ticked_ids(self) -> list[str]:
        ids = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(ID_ROLE)[0])
        return ids

    def _count(self) -> None:
        n = len(self.ticked_ids())
        self.count_label.setText(f"{n} request{'s' if n != 1 else ''} ticked")
        self.export_button.setEnabled(n > 0 and self.handle is None and not self.project.readonly)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export letters into", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # --- the work --------------------------------------------------------------------------------

    def letter_date(self) -> date:
        value = self.date.date()
        return date(value.year(), value.month(), value.day())

    def start(self) -> None:
        ids = self.ticked_ids()
        folder = Path(self.folder.text().strip()).expanduser()
        researcher = researcher_of(self.window_)
        if not ids or not self.folder.text().strip():
            return
        try:
            check_profile(researcher)
        except Exception as exc:
            self.window_.report_error("Cannot export letters", exc)
            return
        fmt, kind, on, project = (
            self.format.currentData(),
            self.kind.currentData(),
            self.letter_date(),
            self.project,
        )

        def work(handle: Any) -> BatchReport:  # on the worker thread: no widgets here
            return export_many(
                project,
                ids,
                fmt,
                folder,
                researcher,
                on,
                kind=kind,
                progress=handle.progress,
                cancelled=lambda: handle.cancelled,
            )

        self.results.clear()
        self.results.setVisible(False)
        self.open_button.setVisible(False)
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.progress_label.setText("Starting…")
        self.cancel_button.setText("Cancel")
        self.handle = self.window_.runner.run(work, self._done, self._failed, self._progress)
        self.export_button.setEnabled(False)
        remember_folder(folder)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(f"{done} of {total}: {text}" if done < total else text)

    def _done(self, report: BatchReport) -> None:
        self.handle = None
        self.report = report
        self.progress.setValue(len(report.written) + len(report.failed))
        self.progress_label.setText(report.summary.capitalize() + ".")
        self.results.clear()
        for _request_id, path in report.written:
            self.results.addItem(f"✓ {path.name}")
        for _request_id, label, reason in report.failed:
            self.results.addItem(f"✗ {label}: {reason}")
        self.results.setVisible(True)
        self.open_button.setVisible(bool(report.written))
        self.cancel_button.setText("Close")
        self._fill(self.ticked_ids())  # the statuses moved on: drafts are ready now
        self.finished_export.emit(report)
        if self._close_when_done:
            self.close()

    def _failed(self, error: BaseException) -> None:
        self.handle = None
        self.progress_label.setText("The export stopped.")
        self.cancel_button.setText("Close")
        self._count()
        self.window_.report_error("Cannot export letters", error)

    def cancel_or_close(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.progress_label.setText("Cancelling after the current letter…")
            return
        self.close()

    def reject(self) -> None:
        if self.handle is not None:  # Escape while working cancels first
            self.cancel_or_close()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.handle is not None:  # the worker still reports here: stop it, close when it has
            self._close_when_done = True
            self.cancel_or_close()
            event.ignore()
            return
        super().closeEvent(event)

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))


def open_batch_export(window: Any, request_ids: list[str] | None = None) -> Any:
    if window.project is None:
        return None
    dialog = BatchExportDialog(window, request_ids)
    dialog.show()
    return dialog
