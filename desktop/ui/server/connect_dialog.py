"""File ▸ Connect to team server… (and the target of File ▸ Move project to team server…).

Host, port, database, user and TLS mode, or a pasted `postgresql://` address that fills them
in; a password field with "Remember the password". The password is looked up in the system
keyring and `~/.pgpass` first (`desktop.store.server.credentials`), so most connections need
nothing typed. Connecting runs on the window's task runner (a server can take seconds to
answer or time out); a failure is shown in the dialog, which stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.ui.server.addresses import TLS_MODES, address_url, login_name

# The work done on the task runner: (address, password or None, handle) -> result for on_done.
Work = Callable[[Any, str | None, Any], Any]


class ConnectDialog(QDialog):
    """Asks where the server is; runs `work` on the runner and calls `on_done(result)` on success."""

    connected = Signal(object)  # the work's result, after the dialog closed

    def __init__(
        self,
        window: Any,
        *,
        work: Work,
        title: str = "Connect to team server",
        intro: str = "",
        action: str = "Connect",
        initial: Any = None,
    ) -> None:
        super().__init__(window)
        self.window_api = window
        self.work = work
        self.setObjectName("connectDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._busy = False
        self._abandoned = False
        self._handle: Any = None
        self.result_value: Any = None

        intro_label = QLabel(
            intro
            or "Open a project kept on your group's PostgreSQL server. Ask whoever runs the server "
            "for these details, or paste the address they sent you."
        )
        intro_label.setWordWrap(True)

        self.url = QLineEdit(self)
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("postgresql://user@host:5432/database?sslmode=require")
        self.url.setClearButtonEnabled(True)
        self.url.textEdited.connect(self._url_edited)
        self.host = QLineEdit(self)
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText("db.example.org, 192.0.2.10 or a socket folder")
        self.port = QSpinBox(self)
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit(self)
        self.database.setObjectName("serverDatabase")
        self.database.setPlaceholderText("the project's database, e.g. khalkhin_gol")
        self.user = QLineEdit(login_name(), self)
        self.user.setObjectName("serverUser")
        self.tls = QComboBox(self)
        self.tls.setObjectName("serverTls")
        for mode, label in TLS_MODES:
            self.tls.addItem(label, mode)
        self.tls.setCurrentIndex(self.tls.findData("prefer"))
        self.tls.setToolTip(
            "How the connection is encrypted. 'Require' refuses an unencrypted connection; "
            "'verify' modes also check the server's certificate."
        )
        self.password = QLineEdit(self)
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self)
        self.remember.setObjectName("rememberPassword")
        self.password_source = QLabel(self)
        self.password_source.setObjectName("passwordSource")
        self.password_source.setWordWrap(True)
        self.password_source.setStyleSheet("color: palette(placeholder-text);")
        for field in (self.host, self.database, self.user):
            field.textEdited.connect(self._fields_edited)
        self.port.valueChanged.connect(self._fields_edited)
        self.tls.currentIndexChanged.connect(self._fields_edited)
        self.password.textEdited.connect(lambda _t: self._update_password_hint())

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Address", self.url)
        form.addRow(QLabel("<i>or fill in:</i>"))
        form.addRow("&Host", self.host)
        form.addRow("P&ort", self.port)
        form.addRow("&Database", self.database)
        form.addRow("&User", self.user)
        form.addRow("&Encryption (TLS)", self.tls)
        form.addRow("&Password", self.password)
        form.addRow("", self.remember)
        form.addRow("", self.password_source)

        self.error = QLabel(self)
        self.error.setObjectName("connectError")
        self.error.setStyleSheet("color: #a4161a;")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.state = QLabel(self)
        self.state.setObjectName("connectState")
        self.state.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go: QPushButton = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("connectButton")
        self.go.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)

        if initial is not None:
            self.set_address(initial)
        self._update_password_hint()

    # --- the fields ---------------------------------------------------------------------------------

    def set_address(self, address: Any) -> None:
        self.hide_error()
        self.host.setText(address.host)
        self.port.setValue(int(address.port))
        self.database.setText(address.database)
        self.user.setText(address.user)
        index = self.tls.findData(address.sslmode)
        if index >= 0:
            self.tls.setCurrentIndex(index)
        self.url.setText(address_url(address))
        self.url.setCursorPosition(0)
        self._update_password_hint()

    def _url_edited(self, text: str) -> None:
        """A pasted address fills the fields (or says what is wrong with it)."""
        text = text.strip()
        if not text:
            self.hide_error()
            return
        from desktop.store.errors import QuaestioError
        from desktop.store.server.address import ServerAddress

        try:
            address = ServerAddress.from_url(text)
        except QuaestioError as exc:
            self.show_error(str(exc))
            return
        self.hide_error()
        url = self.url.text()
        self.set_address(address)
        self.url.setText(url)  # keep what was pasted, cursor and all

    def _fields_edited(self, *_args: Any) -> None:
        self.hide_error()  # the message was about what was there before
        address = self._address_or_none()
        self.url.setText(address_url(address) if address is not None else "")
        self.url.setCursorPosition(0)
        self._update_password_hint()

    def _address_or_none(self) -> Any:
        try:
            return self.address()
        except Exception:  # incomplete while typing
            return None

    def address(self) -> Any:
        """The ServerAddress the fields describe; raises ServerAddressError saying what is missing."""
        from desktop.store.server.address import ServerAddress, ServerAddressError

        host = self.host.text().strip()
        database = self.database.text().strip()
        user = self.user.text().strip()
        if not host:
            raise ServerAddressError(
                "Type the server's host name (or paste a postgresql:// address in the first box)."
            )
        if not database:
            raise ServerAddressError("Type the name of the project's database on the server.")
        if not user:
            raise ServerAddressError("Type your user name on the server.")
        return ServerAddress(
            host=host,
            port=self.port.value(),
            database=database,
            user=user,
            sslmode=str(self.tls.currentData()),
        )

    def _update_password_hint(self) -> None:
        from desktop.store.server import credentials

        keyring = credentials.keyring_available()
        if keyring:
            self.remember.setText("Remember the password in the system keyring")
            self.remember.setToolTip(f"Kept by {credentials.keyring_name()}, never in the project.")
        else:
            self.remember.setText(
                f"Remember the password in {_short(credentials.pgpass_path())} (only you can read it)"
            )
            self.remember.setToolTip(
                "This computer has no system keyring running, so the password would be kept in "
                f"{credentials.pgpass_path()}, the file PostgreSQL's own tools read, with permissions 0600."
            )
        address = self._address_or_none()
        stored = address is not None and credentials.password_for(address) is not None
        if self.password.text():
            self.password.setPlaceholderText("")
            self.password_source.setText("")
        elif stored:
            self.password.setPlaceholderText("remembered: leave empty to use it")
            self.password_source.setText(
                "A password for this server and user is remembered (system keyring or ~/.pgpass)."
            )
        else:
            self.password.setPlaceholderText("the server will say if it needs one")
            self.password_source.setText("")
        self.password_source.setVisible(bool(self.password_source.text()))

    # --- messages -----------------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def hide_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.url, self.host, self.port, self.database, self.user, self.tls, self.password):
            widget.setEnabled(not busy)
        self.go.setEnabled(not busy)
        self.state.setText(text)
        self.state.setVisible(bool(text))

    # --- connecting ---------------------------------------------------------------------------------

    def accept(self) -> None:
        """Check the fields, then run the work off the GUI thread; the dialog stays until it worked."""
        if self._busy:
            return
        from desktop.store.errors import QuaestioError

        try:
            address = self.address()
        except QuaestioError as exc:
            self.show_error(str(exc))
            return
        self.hide_error()
        password = self.password.text() or None
        self.set_busy(True, f"Connecting to {address.host}…")
        work = self.work
        self._handle = self.window_api.runner.run(
            lambda handle: work(address, password, handle),
            lambda result: self._worked(address, password, result),
            self._failed,
            lambda done, total, text: self.state.setText(text) if text else None,
        )

    def _worked(self, address: Any, password: str | None, result: Any) -> None:
        if self._abandoned:  # cancelled while connecting: close what was opened, say nothing
            close = getattr(result, "close", None)
            if callable(close):
                close()
            return
        self.set_busy(False)
        if password and self.remember.isChecked():
            self._remember(address, password)
        self.result_value = result
        super().accept()
        self.connected.emit(result)

    def _remember(self, address: Any, password: str) -> None:
        from desktop.store.errors import QuaestioError
        from desktop.store.server import credentials

        try:
            try:
                where = credentials.remember_password(address, password)
            except credentials.NoKeyring:
                where = str(credentials.remember_in_pgpass(address, password))
        except QuaestioError as exc:
            self.window_api.statusBar().showMessage(f"The password was not remembered: {exc}", 10000)
            return
        self.window_api.statusBar().showMessage(f"Password remembered in {where}", 8000)

    def _failed(self, error: BaseException) -> None:
        from desktop.store.errors import QuaestioError

        if self._abandoned:
            return
        self.set_busy(False)
        if isinstance(error, QuaestioError):
            self.show_error(str(error))
        else:
            import logging

            logging.getLogger(__name__).error("connecting failed", exc_info=error)
            self.show_error(f"Could not connect: {error}\n\nDetails are in {self.window_api.paths.log_file}.")

    def reject(self) -> None:
        self._abandoned = self._busy  # the attempt finishes on its own; its result is then dropped
        if self._busy and self._handle is not None:
            self._handle.cancel()  # a copy stops at its next progress report
        super().reject()


def _short(path: Any) -> str:
    """A path under the home folder as ~/…, as people write it."""
    from pathlib import Path

    try:
        return "~/" + str(Path(path).relative_to(Path.home()))
    except ValueError:
        return str(path)


def ask_for_server(
    window: Any, *, work: Work, on_done: Callable[[Any], None], **options: Any
) -> ConnectDialog:
    """Open the dialog window-modal; `on_done(result)` runs after a successful attempt."""
    dialog = ConnectDialog(window, work=work, **options)
    dialog.connected.connect(on_done)
    # gone once closed (a late answer to an abandoned attempt only reads its Python attributes)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    return dialog


__all__ = ["ConnectDialog", "ask_for_server"]
