"""Where to look, requests and the request window: from a new holding to a request closed as
granted, with tracking numbers, letters and attachments."""

from __future__ import annotations

import hashlib
from datetime import date

from desktop.domain.lifecycle import RequestStatus, allowed_next
from desktop.store import repo, requests
from desktop.store.attachments import files_folder, resolve
from desktop.store.models import Archive, Attachment, Holding, Request, RequestEvent, TrackingNumber
from tests.gui.workspace.conftest import TODAY, select_question, type_text


def _archive(window, identifier: str):
    (row,) = window.project.read(repo.list_rows, entity=Archive, where={"identifier": identifier})
    return row


def test_add_where_to_look_with_a_rationale_in_russian(window):
    qid = select_question(window, "Q1")
    pane = window.workspace.question
    pane.tabs.setCurrentIndex(1)
    before = pane.holdings.rowCount()
    pane.add_holding_button.click()
    dialog = pane.dialog
    assert dialog is not None and dialog.isVisible()
    cia = _archive(window, "CIA")
    assert cia.id not in {h.archive_id for h in pane.holdings.rows()}
    dialog.archive.choose(cia.id)
    dialog.likelihood.load("low")
    type_text(dialog.rationale, "Донесения о потерях 57-го особого корпуса")
    type_text(dialog.expected, "ф. 37977")
    dialog.buttons.accepted.emit()

    assert not dialog.isVisible(), dialog.error.text()
    assert pane.holdings.rowCount() == before + 1
    stored = window.project.read(
        repo.list_rows, entity=Holding, where={"question_id": qid, "archive_id": cia.id}
    )
    assert [(h.likelihood, h.rationale, h.expected) for h in stored] == [
        ("low", "Донесения о потерях 57-го особого корпуса", "ф. 37977")
    ]
    shown = [pane.holdings.row_at(r) for r in range(pane.holdings.rowCount())]
    assert any(h.archive == "CIA" and h.city == "Washington" for h in shown)


def test_the_same_archive_twice_is_refused_in_the_dialog(window):
    select_question(window, "Q1")
    pane = window.workspace.question
    pane.add_holding_button.click()
    dialog = pane.dialog
    dialog.archive.load(_archive(window, "RGVA").id)  # Q1 already looks there
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "already under 'Where to look'" in dialog.error.text()
    dialog.reject()


def test_a_request_from_draft_to_closed_as_granted(window, qtbot, artifacts):
    qid = select_question(window, "Q3")
    pane = window.workspace.question
    pane.tabs.setCurrentIndex(2)
    count = pane.requests.rowCount()
    pane.new_request_button.click()
    dialog = pane.dialog
    naj = _archive(window, "NAJ")
    dialog.archive.choose(naj.id)
    assert dialog.language.value() == "ja"  # the archive's language
    dialog.kind.load("copies")
    type_text(dialog.subject, "ボグダーノフ関係資料の写しの交付")
    dialog.buttons.accepted.emit()
    assert pane.requests.rowCount() == count + 1
    (request,) = window.project.read(
        repo.list_rows, entity=Request, where={"question_id": qid, "archive_id": naj.id}
    )
    assert (request.status, request.language, request.drafted_on) == ("draft", "ja", TODAY)

    pane.requests_view.selectRow(pane.requests.row_of_id(request.id))
    pane.open_request_button.click()
    rw = window.show_request(request.id)
    assert rw is not None and rw.isVisible() and "NAJ" in rw.windowTitle()
    box = rw.status_box

    def step(target: str, on: date, note: str, **extra) -> None:
        assert target in box.offered()
        box.next_status.load(target)
        box.on.set_date(on)
        box.note.setText(note)
        for name, value in extra.items():
            getattr(box, name).load(value) if name == "outcome" else getattr(box, name).setText(value)
        assert rw.apply_status()

    assert box.offered() == [s.value for s in allowed_next("draft")]
    step("sent", date(2026, 10, 1), "送付：書留郵便")
    assert box.offered() == [s.value for s in allowed_next("sent")]
    box.registered.setChecked(True)
    box.registered_on.set_date(date(2026, 10, 3))
    step("acknowledged", date(2026, 10, 6), "受付番号を受領")
    # closing asks for the outcome: none is chosen in advance, and Apply without one changes nothing
    box.next_status.setCurrentIndex(box.next_status.findData("closed"))  # as a pick in the list
    assert box.outcome.value() is None and box.outcome.currentText() == "Choose the outcome…"
    assert not rw.apply_status()
    assert box.error.isVisible() and "needs an outcome" in box.error.text()
    rw.grab().save(str(artifacts / "request-close-needs-outcome.png"))
    assert window.project.read(repo.get, entity=Request, id=request.id).status == "acknowledged"
    step("closed", date(2026, 11, 20), "写しを受領", outcome="granted", outcome_note="全128枚")

    stored = window.project.read(repo.get, entity=Request, id=request.id)
    assert (stored.status, stored.outcome, stored.outcome_note) == ("closed", "granted", "全128枚")
    assert (stored.sent_on, stored.registered_on, stored.acknowledged_on, stored.closed_on) == (
        date(2026, 10, 1),
        date(2026, 10, 3),
        date(2026, 10, 6),
        date(2026, 11, 20),
    )
    timeline = window.project.read(requests.timeline, request_id=request.id)
    assert [(e.to_status, e.note) for e in timeline] == [
        ("sent", "送付：書留郵便"),
        ("acknowledged", "受付番号を受領"),
        ("closed", "写しを受領"),
    ]
    assert rw.events.rowCount() == 3 and rw.tabs.tabText(1) == "Timeline (3)"
    assert rw.status_label.text() == "Status: Closed: granted"
    assert box.offered() == ["appealing"]  # a closed request can only be appealed
    assert pane.requests.row_at(pane.requests.row_of_id(request.id)).status == "closed"


def test_only_legal_next_statuses_are_offered_and_an_illegal_one_is_refused(window):
    select_question(window, "Q2")
    rows = window.project.read(repo.list_rows, entity=Request)
    for row in rows:
        rw = window.show_request(row.id)
        assert rw.status_box.offered() == [s.value for s in allowed_next(row.status)]
        assert len(rw.status_box.offered()) < len(RequestStatus)
        rw.close()
    draft = next(r for r in rows if r.status == "draft")
    rw = window.show_request(draft.id)
    rw.status_box.next_status.addItem("Acknowledged", "acknowledged")  # as if the list were tampered with
    rw.status_box.next_status.load("acknowledged")
    assert not rw.apply_status()
    assert "cannot become acknowledged" in rw.status_box.error.text()
    assert window.project.read(repo.get, entity=Request, id=draft.id).status == "draft"


def test_undo_a_status_change_restores_the_request_and_its_timeline(window):
    select_question(window, "Q3")
    draft = next(r for r in window.project.read(repo.list_rows, entity=Request) if r.status == "draft")
    rw = window.show_request(draft.id)
    rw.status_box.next_status.load("sent")
    rw.status_box.on.set_date(date(2026, 11, 2))
    assert rw.apply_status()
    sent = window.project.read(repo.get, entity=Request, id=draft.id)
    assert sent.status == "sent" and sent.sent_on == date(2026, 11, 2)

    window.undo_action.trigger()
    back = window.project.read(repo.get, entity=Request, id=draft.id)
    assert (back.status, back.sent_on, back.due_on) == ("draft", None, draft.due_on)
    assert window.project.read(requests.timeline, request_id=draft.id) == []
    assert rw.status_box.offered() == [s.value for s in allowed_next("draft")]
    trashed = window.project.read(repo.list_rows, entity=RequestEvent, deleted=True)
    assert [e.request_id for e in trashed] == [draft.id]

    window.redo_action.trigger()
    assert window.project.read(repo.get, entity=Request, id=draft.id).status == "sent"


def test_tracking_numbers_letters_and_attachments(window, qtbot, tmp_path):
    select_question(window, "Q5")
    request = next(r for r in window.project.read(repo.list_rows, entity=Request) if r.language == "en")
    rw = window.show_request(request.id)

    rw.tabs.setCurrentIndex(2)
    numbers = rw.tracking.rowCount()
    rw.add_tracking_button.click()
    dialog = rw.dialog
    dialog.number.setText("")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "tracking number" in dialog.error.text()
    type_text(dialog.number, "FOIA-2026-0917")
    dialog.reason.load("appeal")
    dialog.buttons.accepted.emit()
    assert rw.tracking.rowCount() == numbers + 1
    current = [
        t.number
        for t in window.project.read(repo.list_rows, entity=TrackingNumber, where={"request_id": request.id})
        if t.current
    ]
    assert current == ["FOIA-2026-0917"]

    rw.tabs.setCurrentIndex(3)
    letters = rw.letters.rowCount()
    rw.add_letter_button.click()
    dialog = rw.dialog
    dialog.direction.load("in")
    dialog.category.load("response")
    type_text(dialog.subject, "Final response")
    type_text(dialog.body, "Records released in part; 12 pages withheld under (b)(1).")
    dialog.buttons.accepted.emit()
    assert rw.letters.rowCount() == letters + 1
    letter_id = rw.letters.id_at(rw.letters.rowCount() - 1)
    assert rw.letter_text.toPlainText().startswith("Records released in part")

    scan = tmp_path / "ответ NARA 2026.pdf"
    scan.write_bytes(b"%PDF-1.4 reply " * 1000)
    rw.attach_file(str(scan))
    qtbot.waitUntil(lambda: rw.files.rowCount() == 1, timeout=5000)
    (attachment,) = window.project.read(
        repo.list_rows, entity=Attachment, where={"communication_id": letter_id}
    )
    assert attachment.file_name == "ответ NARA 2026.pdf"
    assert attachment.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    stored = resolve(window.project.path, attachment)
    assert (
        stored.is_relative_to(files_folder(window.project.path)) and stored.read_bytes() == scan.read_bytes()
    )
    assert rw.letters.row_at(rw.letters.row_of_id(letter_id)).attachments[0].id == attachment.id


def test_the_letter_button_opens_the_letter_in_the_archives_language(window):
    from desktop.ui.letters.preview import find_open_preview

    select_question(window, "Q2")
    request = next(r for r in window.project.read(repo.list_rows, entity=Request) if r.language == "ja")
    rw = window.show_request(request.id)
    assert rw.letter_button.isVisibleTo(rw)
    rw.letter_button.click()
    preview = find_open_preview(window, request.id)
    assert preview is not None and preview.isVisible()
    preview.close()


def test_selected_request_ids_follow_what_the_user_looks_at(window):
    select_question(window, "Q2")
    pane = window.workspace.question
    pane.tabs.setCurrentIndex(2)
    pane.requests_view.selectRow(0)
    first = pane.requests.id_at(0)
    assert window.selected_request_ids() == [first]
    window.show_page("Requests")
    view = window.requests_view
    view.view.selectRow(1)
    assert window.selected_request_ids() == [view.model.id_at(1)]
    view.show_question()
    assert window.current_page() == "Questions"
    assert window.selected_question_id() == view.model.row_at(1).question_id
