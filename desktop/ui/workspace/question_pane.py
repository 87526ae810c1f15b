"""The centre pane: the selected question, editable, with its tabs.

Fields commit when the user leaves them (each commit is one undoable edit); the tabs list where
to look (holdings with their archival references), the requests, sources and people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.vocab import QuestionStatus
from desktop.ui import undo
from desktop.ui.models.badges import BadgeDelegate
from desktop.ui.models.labels import PRIORITY_LABELS, QUESTION_STATUS_LABELS, day
from desktop.ui.models.question_parts import holding_html, holdings_model, people_model, sources_model
from desktop.ui.models.requests import DAYS_COLUMN, RequestsModel
from desktop.ui.workspace.dialogs import HoldingDialog, PersonDialog, RequestDialog, SourceDialog
from desktop.ui.workspace.fields import ChoiceCombo, CommitLineEdit, CommitTextEdit
from desktop.ui.workspace.tables import (
    context_actions,
    current_id,
    fit_columns,
    keep_selection,
    make_table,
    select_id,
)

if TYPE_CHECKING:
    from desktop.store.changes import Changes
    from desktop.store.queries import QuestionDetail

TEXT_FIELDS = (
    ("text", "Question", "The question itself, as you would put it to a colleague."),
    ("background", "Background and hypothesis", "What is known, what you suspect and why."),
    ("answer_summary", "Answer so far", "What the evidence says, once there is some."),
)
FIELD_NAMES = {
    "title": "title",
    "status": "status",
    "priority": "priority",
    "tags": "tags",
    "text": "question text",
    "background": "background",
    "answer_summary": "answer",
}
RELEVANT = (
    "question",
    "holding",
    "archival_reference",
    "archive",
    "request",
    "request_event",
    "tracking_number",
    "question_person",
    "person",
    "question_source",
    "source",
)


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


NOTHING_SELECTED = (
    "No question selected.\n\nChoose one on the left, or create one with File ▸ New question (Ctrl+N)."
)
OPENING = "Opening the project…"


class QuestionPane(QWidget):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_api = window
        self.setObjectName("questionPane")
        self.question_id: str | None = None
        self.detail: QuestionDetail | None = None
        self.dialog: Any = None  # the open dialog, if any (tests drive it)

        self.stack = QStackedWidget(self)
        self.empty = QLabel(NOTHING_SELECTED, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setWordWrap(True)
        self.content = QWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(3, 6, 3, 6)
        outer.addWidget(self.stack)

        # header: code and title, status, priority, tags, who edited last
        self.code_label = QLabel(self.content)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.35)
        big.setBold(True)
        self.code_label.setFont(big)
        self.title = CommitLineEdit(self.content)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.title.setFont(title_font)
        self.title.setPlaceholderText("Title of the question")
        self.title.setAccessibleName("Title")
        self.status = ChoiceCombo(
            [(s.value, QUESTION_STATUS_LABELS[s.value]) for s in QuestionStatus], self.content
        )
        self.status.setAccessibleName("Status")
        self.priority = ChoiceCombo(list(PRIORITY_LABELS.items()), self.content)
        self.priority.setAccessibleName("Priority")
        self.tags = CommitLineEdit(self.content)
        self.tags.setPlaceholderText("tags, separated by commas")
        self.tags.setAccessibleName("Tags")
        self.edited = QLabel(self.content)
        self.edited.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        head = QHBoxLayout()
        head.addWidget(self.code_label)
        head.addWidget(self.title, 1)
        meta = QHBoxLayout()
        meta.addWidget(QLabel("Status", self.content))
        meta.addWidget(self.status)
        meta.addSpacing(8)
        meta.addWidget(QLabel("Priority", self.content))
        meta.addWidget(self.priority)
        meta.addSpacing(8)
        meta.addWidget(QLabel("Tags", self.content))
        meta.addWidget(self.tags, 1)

        self.tabs = QTabWidget(self.content)
        self.tabs.setDocumentMode(True)
        self.texts: dict[str, CommitTextEdit] = {}
        text_page = QWidget(self.tabs)
        form = QFormLayout(text_page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for name, label, hint in TEXT_FIELDS:
            box = CommitTextEdit(text_page, lines=3 if name != "text" else 2)
            box.setPlaceholderText(hint)
            box.setAccessibleName(label)
            self.texts[name] = box
            form.addRow(f"<b>{label}</b>", box)
            box.committed.connect(lambda value, n=name: self._commit(n, value))
        self.tabs.addTab(text_page, "Question")

        # where to look
        self.holdings = holdings_model(self)
        self.holdings_view = make_table(self, self.holdings, stretch=4, sortable=True, name="Where to look")
        fit_columns(self.holdings_view, {0: 11, 1: 12, 2: 9, 3: 4})
        self.holdings_view.activated.connect(lambda _i: self.edit_holding())
        self.holdings_view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_holding())
        self.holding_text = QTextBrowser(self)
        self.holding_text.setOpenLinks(False)
        self.holding_text.setAccessibleName("Selected archive: reasoning and references")
        holdings_split = QSplitter(Qt.Orientation.Vertical, self)
        holdings_split.setObjectName("holdingsSplitter")
        holdings_split.addWidget(self.holdings_view)
        holdings_split.addWidget(self.holding_text)
        holdings_split.setSizes([200, 260])
        self.add_holding_button = QPushButton("Add archive…", self)
        self.add_holding_button.clicked.connect(self.add_holding)
        self.edit_holding_button = QPushButton("Edit…", self)
        self.edit_holding_button.clicked.connect(self.edit_holding)
        self.remove_holding_button = QPushButton("Remove", self)
        self.remove_holding_button.clicked.connect(self.remove_holding)
        self.tabs.addTab(
            self._tab(
                holdings_split,
                self.add_holding_button,
                self.edit_holding_button,
                self.remove_holding_button,
                hint="The archives expected to hold the answer, with the reasoning and the references.",
            ),
            "Where to look",
        )

        # requests
        self.requests = RequestsModel(self._fetch_requests, window.today, self)
        self.requests_view = make_table(
            self, self.requests, stretch=9, sortable=True, name="Requests of question"
        )
        self.requests_view.setItemDelegateForColumn(
            self.requests.column_named(DAYS_COLUMN), BadgeDelegate(self)
        )
        for title in ("Question", "City"):
            self.requests_view.hideColumn(self.requests.column_named(title))
        fit_columns(self.requests_view, {1: 10, 3: 14, 4: 15, 5: 10, 6: 10, 7: 13, 8: 12})
        # in this narrower pane the state of each request comes first: archive, status, days left
        header = self.requests_view.horizontalHeader()
        for position, title in enumerate(("Archive", "Status", DAYS_COLUMN, "Due", "Sent", "Kind")):
            header.moveSection(header.visualIndex(self.requests.column_named(title)), position)
        self.requests.sorter = self._sort_requests
        self._request_sort = ("urgency", False)
        self.requests_view.activated.connect(lambda _i: self.open_request())
        self.new_request_button = QPushButton("New request…", self)
        self.new_request_button.clicked.connect(self.new_request)
        self.open_request_button = QPushButton("Open", self)
        self.open_request_button.clicked.connect(self.open_request)
        self.delete_request_button = QPushButton("Delete", self)
        self.delete_request_button.clicked.connect(self.delete_request)
        self.tabs.addTab(
            self._tab(
                self.requests_view,
                self.new_request_button,
                self.open_request_button,
                self.delete_request_button,
                hint="Overdue first. Double-click a request to open it.",
            ),
            "Requests",
        )

        # sources and people
        self.sources = sources_model(self)
        self.sources_view = make_table(self, self.sources, stretch=0, sortable=True, name="Sources")
        fit_columns(self.sources_view, {1: 6, 2: 10, 3: 24})
        self.add_source_button = QPushButton("Add source…", self)
        self.add_source_button.clicked.connect(self.add_source)
        self.remove_source_button = QPushButton("Remove", self)
        self.remove_source_button.clicked.connect(
            lambda: self._remove_link(self.sources_view, "question_source")
        )
        self.tabs.addTab(
            self._tab(self.sources_view, self.add_source_button, self.remove_source_button), "Sources"
        )
        self.people = people_model(self)
        self.people_view = make_table(self, self.people, stretch=2, sortable=True, name="People")
        fit_columns(self.people_view, {0: 24, 1: 16})
        self.add_person_button = QPushButton("Add person…", self)
        self.add_person_button.clicked.connect(self.add_person)
        self.remove_person_button = QPushButton("Remove", self)
        self.remove_person_button.clicked.connect(
            lambda: self._remove_link(self.people_view, "question_person")
        )
        self.tabs.addTab(
            self._tab(self.people_view, self.add_person_button, self.remove_person_button), "People"
        )

        context_actions(
            self.holdings_view,
            ("Add archive…", self.add_holding),
            ("Edit…", self.edit_holding),
            ("Remove", self.remove_holding),
        )
        context_actions(
            self.requests_view,
            ("Open request", self.open_request),
            ("New request…", self.new_request),
            ("Delete request", self.delete_request),
        )
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(meta)
        layout.addWidget(self.edited)
        layout.addWidget(self.tabs, 1)

        self.title.committed.connect(lambda value: self._commit("title", value))
        self.status.committed.connect(lambda value: self._commit("status", value))
        self.priority.committed.connect(lambda value: self._commit("priority", value))
        self.tags.committed.connect(self._commit_tags)
        self.show_question(None)

    def _tab(self, view: QWidget, *buttons: QPushButton, hint: str = "") -> QWidget:
        page = QWidget(self.tabs)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        if hint:
            label = QLabel(hint, page)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(view, 1)
        layout.addLayout(_buttons(*buttons))
        return page

    # --- loading ---------------------------------------------------------------------------------

    def show_question(self, question_id: str | None) -> None:
        """Switch to another question, committing what was typed in this one first."""
        if question_id != self.question_id:
            self.commit_pending()
            for widget in (self.title, self.tags, *self.texts.values()):
                widget.load("")  # forget the last question's text before loading the next
        self.question_id = question_id
        self.reload()

    def reload(self) -> None:
        project = self.window_api.project
        if project is None or self.question_id is None:
            self.detail = None
            # a question selected before its project is open: the start-up's first look
            self.empty.setText(OPENING if project is None and self.question_id else NOTHING_SELECTED)
            self.stack.setCurrentWidget(self.empty)
            return
        from desktop.store import queries
        from desktop.store.errors import NotFound

        try:
            detail = project.read(queries.question_detail, question_id=self.question_id)
        except NotFound:  # deleted meanwhile
            self.question_id, self.detail = None, None
            self.stack.setCurrentWidget(self.empty)
            return
        self.detail = detail
        q = detail.question
        self.stack.setCurrentWidget(self.content)
        self.code_label.setText(q.code)
        self.title.load(q.title, q.version)
        self.status.load(q.status)
        self.priority.load(q.priority)
        self.tags.load(", ".join(q.tags), q.version)
        for name, box in self.texts.items():
            box.load(getattr(q, name), q.version)
        self.edited.setText(f"Last edited by {q.updated_by or 'unknown'} on {day(q.updated_at)}")
        self.edited.setToolTip(f"Created by {q.created_by or 'unknown'} on {day(q.created_at)}")
        keep_selection(self.holdings_view, lambda: self.holdings.set_rows(detail.holdings))
        if current_id(self.holdings_view) is None and detail.holdings:
            self.holdings_view.selectRow(0)
        self._show_holding()
        keep_selection(self.sources_view, lambda: self.sources.set_rows(detail.sources))
        keep_selection(self.people_view, lambda: self.people.set_rows(detail.people))
        self._reload_requests()
        self.tabs.setTabText(1, f"Where to look ({len(detail.holdings)})")
        self.tabs.setTabText(2, f"Requests ({self.requests.rowCount()})")
        self.tabs.setTabText(3, f"Sources ({len(detail.sources)})")
        self.tabs.setTabText(4, f"People ({len(detail.people)})")
        readonly = project.readonly
        for widget in (self.title, self.tags, *self.texts.values()):
            widget.setReadOnly(readonly)
        for widget in (self.status, self.priority):
            widget.setEnabled(not readonly)

    def _fetch_requests(self, ids: list[str]) -> list[Any]:
        from desktop.store import queries

        project = self.window_api.project
        return project.read(queries.request_rows, ids=ids) if project is not None else []

    def _reload_requests(self) -> None:
        from desktop.store import queries

        project = self.window_api.project
        if project is None or self.question_id is None:
            self.requests.set_ids([])
            return
        key, descending = self._request_sort
        ids = project.read(
            queries.request_ids,
            filter=queries.RequestFilter(question_id=self.question_id),
            sort=key,
            descending=descending,
            today=self.window_api.today(),
        )
        keep_selection(self.requests_view, lambda: self.requests.set_ids(ids))

    def _sort_requests(self, key: str, descending: bool) -> None:
        self._request_sort = (key, descending)
        self._reload_requests()

    def on_changes(self, changes: Changes) -> None:
        if self.question_id is not None and changes.touches(*RELEVANT):
            self.reload()

    def commit_pending(self) -> None:
        """Commit any field the user typed in but has not left yet (switching, closing)."""
        if self.detail is None:
            return
        self.title.commit()
        self.tags.commit()
        for box in self.texts.values():
            box.commit()

    # --- edits ---------------------------------------------------------------------------------

    def _commit(self, field: str, value: Any) -> None:
        if self.detail is None:
            return
        q = self.detail.question
        if field == "title" and not str(value).strip():
            self.title.load(q.title)  # a question keeps a title
            return
        undo.edit(
            self.window_api,
            "question",
            q.id,
            {field: getattr(q, field)},
            {field: value},
            f"Edit {FIELD_NAMES[field]} of {q.code}",
            version=_shown_version(
                {"title": self.title, "tags": self.tags, **self.texts}.get(field), q.version
            ),
        )

    def _commit_tags(self, text: str) -> None:
        from desktop.store.workspace import parse_tags

        self._commit("tags", parse_tags(text))

    # --- where to look -------------------------------------------------------------------------

    def _archives(self) -> list[tuple[str, str]]:
        from desktop.store import queries

        return list(self.window_api.project.read(queries.question_facets).archives)

    def _show_holding(self) -> None:
        holding = self.selected_holding()
        self.holding_text.setHtml(holding_html(holding) if holding is not None else "")

    def selected_holding(self) -> Any:
        holding_id = current_id(self.holdings_view)
        if holding_id is None or self.detail is None:
            return None
        return next((h for h in self.detail.holdings if h.id == holding_id), None)

    def add_holding(self) -> None:
        if self.detail is None:
            return
        question = self.detail.question
        dialog = HoldingDialog(self, self._archives())

        def submit(values: dict[str, Any]) -> None:
            from desktop.store import workspace

            new_id = undo.create(
                self.window_api,
                "holding",
                f"Add {dialog.archive.currentText()} to {question.code}",
                lambda p: p.write(workspace.new_holding, question_id=question.id, **values),
                raise_errors=True,
            )
            if new_id:  # the row just added is the one Edit…/New request… act on
                select_id(self.holdings_view, new_id)

        self._open(dialog, submit)

    def edit_holding(self) -> None:
        holding = self.selected_holding()
        if holding is None:
            return
        dialog = HoldingDialog(self, self._archives(), holding)

        def submit(values: dict[str, Any]) -> None:
            values.pop("archive_id")
            old = {k: getattr(holding, k) for k in values}
            undo.edit(
                self.window_api,
                "holding",
                holding.id,
                old,
                values,
                f"Edit {holding.archive}",
                raise_errors=True,
                version=getattr(holding, "version", None),
            )

        self._open(dialog, submit)

    def remove_holding(self) -> None:
        holding = self.selected_holding()
        if holding is not None and self.detail is not None:
            undo.delete(
                self.window_api,
                "holding",
                holding.id,
                f"Remove {holding.archive} from {self.detail.question.code}",
            )

    # --- requests --------------------------------------------------------------------------------

    def new_request(self) -> None:
        if self.detail is None:
            return
        from desktop.store import repo
        from desktop.store.models import Archive

        question = self.detail.question
        project = self.window_api.project
        languages = {a.id: a.language for a in project.read(repo.list_rows, entity=Archive)}
        holding = self.selected_holding()
        dialog = RequestDialog(self, self._archives(), languages, holding.archive_id if holding else None)

        def submit(values: dict[str, Any]) -> None:
            from desktop.store import workspace

            new_id = undo.create(
                self.window_api,
                "request",
                f"New request to {dialog.archive.currentText()}",
                lambda p: p.write(
                    workspace.new_request,
                    question_id=question.id,
                    drafted_on=self.window_api.today(),
                    **values,
                ),
                raise_errors=True,
            )
            if new_id:
                self.tabs.setCurrentIndex(2)
                select_id(self.requests_view, new_id)  # so Open opens the request just drafted

        self._open(dialog, submit)

    def selected_request_ids(self) -> list[str]:
        request_id = current_id(self.requests_view)
        return [request_id] if request_id else []

    def open_request(self) -> None:
        request_id = current_id(self.requests_view)
        if request_id:
            self.window_api.show_request(request_id)

    def delete_request(self) -> None:
        request_id = current_id(self.requests_view)
        if request_id:
            row = self.requests.row_at(self.requests.row_of_id(request_id))
            undo.delete(self.window_api, "request", request_id, f"Delete request to {row.archive}")

    # --- sources and people ----------------------------------------------------------------------

    def add_source(self) -> None:
        if self.detail is None:
            return
        from desktop.store import repo
        from desktop.store.models import Source

        question = self.detail.question
        linked = {s.source_id for s in self.detail.sources}
        sources = [
            (s.id, s.citation[:90])
            for s in self.window_api.project.read(repo.list_rows, entity=Source, order_by="citation")
            if s.id not in linked
        ]
        dialog = SourceDialog(self, sources)

        def submit(values: dict[str, Any]) -> None:
            from desktop.store import workspace

            undo.create(
                self.window_api,
                "question_source",
                f"Add a source to {question.code}",
                lambda p: p.write(workspace.link_source, question_id=question.id, **values),
                raise_errors=True,
            )

        self._open(dialog, submit)

    def add_person(self) -> None:
        if self.detail is None:
            return
        from desktop.store import repo
        from desktop.store.models import Person

        question = self.detail.question
        linked = {p.person_id for p in self.detail.people}
        people = [
            (p.id, " / ".join(x for x in (p.name, p.name_original) if x))
            for p in self.window_api.project.read(repo.list_rows, entity=Person, order_by="name")
            if p.id not in linked
        ]
        dialog = PersonDialog(self, people)

        def submit(values: dict[str, Any]) -> None:
            from desktop.store import workspace

            undo.create(
                self.window_api,
                "question_person",
                f"Add a person to {question.code}",
                lambda p: p.write(workspace.link_person, question_id=question.id, **values),
                raise_errors=True,
            )

        self._open(dialog, submit)

    def _remove_link(self, view: QTableView, table: str) -> None:
        link_id = current_id(view)
        if link_id and self.detail is not None:
            what = "source" if table == "question_source" else "person"
            undo.delete(self.window_api, table, link_id, f"Remove a {what} from {self.detail.question.code}")

    # --- helpers ---------------------------------------------------------------------------------

    def _open(self, dialog: Any, submit: Any) -> None:
        if self.window_api.project is None or self.window_api.project.readonly:
            self.window_api.report_readonly()
            return
        dialog.on_submit = submit
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def delete_selected(self) -> bool:
        """Edit ▸ Delete while this pane has the focus: the selected row of the visible tab."""
        page = self.tabs.currentIndex()
        if page == 1 and self.selected_holding() is not None:
            self.remove_holding()
            return True
        if page == 2 and current_id(self.requests_view):
            self.delete_request()
            return True
        if page == 3 and current_id(self.sources_view):
            self._remove_link(self.sources_view, "question_source")
            return True
        if page == 4 and current_id(self.people_view):
            self._remove_link(self.people_view, "question_person")
            return True
        return False


def _shown_version(widget: object, current: int) -> int:
    """The row version the user saw when typing into `widget` (see `fields.CommitLineEdit.load`)."""
    version = getattr(widget, "base_version", None)
    return current if version is None else min(version, current)
