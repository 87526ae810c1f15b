"""Background reads that stop when their result is no longer needed (issue 8): closing a project
cancels them instead of waiting seconds for a large project's aggregates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from desktop.store.errors import QuaestioError

# SQLite asks the handler every this many virtual-machine steps: well under a millisecond.
STEPS = 5_000


class ReadCancelled(QuaestioError):
    """A background read stopped because its result was no longer needed (never shown)."""


@contextmanager
def stoppable(session: Session, cancelled: Callable[[], bool] | None) -> Iterator[None]:
    """Make the statements run inside fail with `ReadCancelled` once `cancelled()` is true
    (SQLite: a progress handler; other databases finish the running statement)."""
    raw = session.connection().connection.dbapi_connection
    handler = getattr(raw, "set_progress_handler", None) if cancelled is not None else None
    if handler is not None:
        handler(lambda: 1 if cancelled() else 0, STEPS)  # type: ignore[misc]
    try:
        yield
    except OperationalError as exc:
        if cancelled is not None and cancelled():
            raise ReadCancelled("The read was no longer needed.") from exc
        raise
    finally:
        if handler is not None:
            handler(None, 0)


def cancellable(*, session: Session, fn: Callable[..., Any], cancelled: Callable[[], bool], **kw: Any) -> Any:
    """`fn(session=session, **kw)` for the task runner, stopping once `cancelled()` is true. The
    worker's pooled connection is closed afterwards (see `overview.overview_in_worker`)."""
    try:
        if cancelled():
            raise ReadCancelled("The read was no longer needed.")
        with stoppable(session, cancelled):
            return fn(session=session, **kw)
    finally:
        session.connection().invalidate()
