"""Full-text search index (SQLite FTS5, trigram), kept current by triggers.

One FTS5 table holds every searchable kind. `search_map` gives each (kind, row id) a stable
integer that serves as the FTS rowid: base-table rowids are not stable across VACUUM, and deleting
by an UNINDEXED text column would scan the whole index. Triggers also catch edits made outside
Quaestio (e.g. with the sqlite3 command line). Soft-deleted rows leave the index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NL = "|| char(10) ||"

# kind -> (title expression, body expression) over the row `new`
INDEXED = {
    "question": (
        "new.code || ' ' || new.title",
        f"new.text {NL} new.background {NL} new.answer_summary {NL} coalesce(new.tags, '')",
    ),
    "note": ("new.title", "new.body"),
    "request": ("new.subject", f"new.purpose {NL} new.outcome_note {NL} new.kind"),
    "archive": (
        "new.identifier || ' ' || new.name || ' ' || new.name_original",
        f"new.other_names {NL} new.city {NL} new.address {NL} new.access_conditions {NL} new.notes",
    ),
    "source": ("new.citation", f"new.citation_original {NL} new.notes"),
    "communication": ("new.subject", "new.body"),
    "person": ("new.name || ' ' || new.name_original", f"new.role {NL} new.notes"),
}


def _map_id(kind: str, ref: str) -> str:
    return f"(SELECT fts_rowid FROM search_map WHERE kind = '{kind}' AND row_id = {ref}.id)"


def _index_new(kind: str) -> str:
    title, body = INDEXED[kind]
    return f"""
        INSERT OR IGNORE INTO search_map (kind, row_id) VALUES ('{kind}', new.id);
        INSERT INTO search_index (rowid, title, body)
            SELECT {_map_id(kind, "new")}, {title}, {body} WHERE new.deleted_at IS NULL;"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE search_map (fts_rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "row_id TEXT NOT NULL, UNIQUE (kind, row_id))"
    )
    op.execute("CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'trigram')")
    for kind in INDEXED:
        op.execute(f"CREATE TRIGGER search_{kind}_ai AFTER INSERT ON {kind} BEGIN {_index_new(kind)} END")
        op.execute(
            f"CREATE TRIGGER search_{kind}_au AFTER UPDATE ON {kind} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {_map_id(kind, 'old')}; {_index_new(kind)} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{kind}_ad AFTER DELETE ON {kind} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {_map_id(kind, 'old')}; "
            f"DELETE FROM search_map WHERE kind = '{kind}' AND row_id = old.id; END"
        )
        # Index what an older project already holds.
        op.execute(f"UPDATE {kind} SET version = version")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for kind in INDEXED:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{suffix}")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.execute("DROP TABLE IF EXISTS search_map")
