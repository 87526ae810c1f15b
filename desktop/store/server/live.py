"""Changes made by others, as they happen: LISTEN on the channel the database triggers notify.

The triggers (migration 0002, PostgreSQL branch) send one notification per statement that writes
a project table: `{"table", "ids", "all", "replica", "client"}`. Because the database sends them,
every writer is seen: other Quaestio windows, `quaestio` commands, psql. The feed runs a thread
with its own connection; notifications arriving close together are delivered as one `Changes`.
Callbacks run ON THE FEED THREAD: a window marshals them to its GUI thread.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

from desktop.store.changes import Changes
from desktop.store.server.address import ServerAddress
from desktop.store.server.connection import describe, libpq_params

log = logging.getLogger(__name__)

CHANNEL = "quaestio_changes"
# Notifications within this window are delivered together (one reload for a batch of writes).
GATHER_S = 0.15
RETRY_S = (1.0, 2.0, 5.0, 10.0)  # reconnect back-off after the server went away


def parse(payload: str) -> tuple[Changes, str]:
    """A notification's changes and the client id that made them."""
    data = json.loads(payload)
    table = str(data["table"])
    ids = [] if data.get("all") else [str(i) for i in data.get("ids") or []]
    return Changes(frozenset({table}), frozenset(ids)), str(data.get("client", ""))


class LiveFeed:
    """Listen for changes on a server project.

    `on_changes(changes)` gets what others wrote (this project's own writes, identified by
    `ignore_client`, are left out: the project announces those itself). `on_lost(message)` is
    called once when the connection drops; the feed keeps retrying, and when it is back calls
    `on_changes` with every table (what happened meanwhile is unknown) and `on_back()` if given.
    """

    def __init__(
        self,
        address: ServerAddress,
        password: str | None,
        *,
        on_changes: Callable[[Changes], None],
        on_lost: Callable[[str], None],
        on_back: Callable[[], None] | None = None,
        ignore_client: str = "",
        author: str = "",
        replica_id: str = "",
    ) -> None:
        self.address = address
        self._params = libpq_params(address, password=password, author=author, replica_id=replica_id)
        self._on_changes = on_changes
        self._on_lost = on_lost
        self._on_back = on_back
        self._ignore = ignore_client
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set while LISTEN is active (tests wait on it)

    @classmethod
    def for_project(
        cls,
        project: object,
        *,
        on_changes: Callable[[Changes], None],
        on_lost: Callable[[str], None],
        on_back: Callable[[], None] | None = None,
    ) -> LiveFeed:
        """A feed for an open server project, ignoring that project's own writes."""
        from desktop.store.server.project import ServerProject

        assert isinstance(project, ServerProject), "live changes exist for team-server projects only"
        return cls(
            project.server,
            project.password,
            on_changes=on_changes,
            on_lost=on_lost,
            on_back=on_back,
            ignore_client=project.client_id,
            author=project.identity.author,
            replica_id=project.identity.replica_id,
        )

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="quaestio-live-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening; returns when the thread has ended (within about GATHER_S)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # --- the thread ---------------------------------------------------------------------

    def _run(self) -> None:
        import psycopg

        failures = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(autocommit=True, **self._params) as connection:  # type: ignore[arg-type]
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if failures:
                        failures = 0
                        self._deliver(Changes(frozenset(_ALL_TABLES)))
                        if self._on_back is not None:
                            self._on_back()
                    self._listen(connection)
            except Exception as exc:  # psycopg.Error, or anything else: never end the feed silently
                if not isinstance(exc, psycopg.Error):
                    log.exception("live feed failed")
                self.listening.clear()
                if self._stop.is_set():
                    break
                if failures == 0:
                    self._on_lost(describe(exc, self.address))
                log.info("live feed: %s", exc)
                self._stop.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
        self.listening.clear()

    def _listen(self, connection: object) -> None:
        while not self._stop.is_set():
            gathered = Changes()
            for note in connection.notifies(timeout=GATHER_S):  # type: ignore[attr-defined]
                try:
                    changes, client = parse(note.payload)
                except (ValueError, KeyError, TypeError):
                    log.warning("live feed: unreadable notification %r", note.payload)
                    continue
                if not (self._ignore and client == self._ignore):
                    gathered = gathered | changes
            if gathered:
                self._deliver(gathered)

    def _deliver(self, changes: Changes) -> None:
        try:
            self._on_changes(changes)
        except Exception:  # a listener's bug must not end the feed
            log.exception("live feed listener failed")


_ALL_TABLES = (
    "project", "legal_regime", "question", "person", "question_person", "archive", "holding",
    "archival_reference", "source", "question_source", "request", "request_item", "tracking_number",
    "communication", "attachment", "request_event", "note", "letter_template",
)  # fmt: skip
