"""Search on a team server: the same hits as the SQLite FTS5 search, from PostgreSQL.

`search_index` (migration 0002, PostgreSQL branch) holds each searchable row's title and body,
kept by triggers, with a `tsvector` (full-text search, 'simple' configuration: no stemming, so
names and transliterations match as typed) and a trigram GIN index over the text (`pg_trgm`).
Every word must occur as a substring, case-insensitively (ILIKE, served by the trigram index):
that is what the FTS5 trigram tokenizer does, and it finds two-character Japanese words such as
戦史 inside unspaced text. Hits are ranked by full-text rank, then newest first. User input is
only ever a bound parameter, so no character can break the query.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from desktop.store.search import (
    _NEEDS_QUESTION,
    _QUESTION_OF,
    _REQUEST_OF,
    KIND_LABELS,
    SearchHit,
    _like_escape,
    _snippet_around,
    readable_body,
)


def search(*, session: Session, query: str, limit: int = 200) -> list[SearchHit]:
    """Hits for `query`, best first (see `desktop.store.search.search`)."""
    # PostgreSQL text holds no NUL, and lone surrogates cannot be sent as UTF-8: drop both
    query = query.replace("\x00", " ").encode("utf-8", "ignore").decode("utf-8")
    words = [w for w in query.split() if w.strip('"*')]
    if not words:
        return []
    params: dict[str, object] = {"q": " ".join(words), "limit": limit}
    clauses = []
    for n, word in enumerate(words):
        params[f"w{n}"] = _like_escape(word)
        clauses.append(f"s.doc ILIKE :w{n} ESCAPE '\\'")
    needs_question = ", ".join(f"'{k}'" for k in _NEEDS_QUESTION)
    rows = (
        session.connection()
        .execute(
            text(
                f"SELECT h.kind, h.row_id, h.title, h.body, q.id, {_REQUEST_OF} FROM ("
                "SELECT s.kind, s.row_id, s.title, s.body, s.seq, "
                "ts_rank(s.tsv, plainto_tsquery('simple', :q)) AS score "
                f"FROM search_index s WHERE {' AND '.join(clauses)} "
                "ORDER BY score DESC, s.seq DESC LIMIT :limit) h "
                f"LEFT JOIN question q ON q.id = ({_QUESTION_OF}) AND q.deleted_at IS NULL "
                f"WHERE q.id IS NOT NULL OR h.kind NOT IN ({needs_question}) "
                "ORDER BY h.score DESC, h.kind, h.title"
            ),
            params,
        )
        .all()
    )
    return [
        SearchHit(
            kind,
            row_id,
            title.strip(),
            " ".join(_snippet_around(readable_body(kind, body or ""), words).split()),
            qid,
            rid,
        )
        for kind, row_id, title, body, qid, rid in rows
    ]


def rebuild_index(*, session: Session) -> int:
    """Rebuild the index through its triggers (one definition of what is indexed)."""
    connection = session.connection()
    connection.execute(text("DELETE FROM search_index"))
    for kind in KIND_LABELS:
        connection.execute(text(f"UPDATE {kind} SET version = version"))
    size = int(connection.execute(text("SELECT count(*) FROM search_index")).scalar() or 0)
    session.commit()
    return size
