"""Full-text search index (SQLite FTS5, trigram), kept current by triggers.

One FTS5 table holds every searchable kind. `search_map` gives each (kind, row id) a stable
integer that serves as the FTS rowid: base-table rowids are not stable across VACUUM, and deleting
by an UNINDEXED text column would scan the whole index. Triggers also catch edits made outside
Quaestio (e.g. with the sqlite3 command line). Soft-deleted rows leave the index.

On PostgreSQL (the team server) the same idea: one `search_index` table (kind, row id, title,
body) kept by triggers, searched with full-text search (`to_tsvector('simple', ...)`, GIN) and
`pg_trgm` (a trigram GIN index for substrings: Japanese has no spaces). The server also gets
the change-notification triggers: every statement that writes a project table sends
`NOTIFY quaestio_changes` with the table, the row ids and the writer's replica and client ids
(desktop.store.server.live listens), so edits made by any client, or with psql, are seen.

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
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
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


# --- PostgreSQL ---------------------------------------------------------------------------

# Every table whose rows a window shows: a change to any of them is announced.
NOTIFIED = (
    "project", "legal_regime", "question", "person", "question_person", "archive", "holding",
    "archival_reference", "source", "question_source", "request", "request_item", "tracking_number",
    "communication", "attachment", "request_event", "note", "letter_template",
)  # fmt: skip
# More ids than this in one statement: the notification says "reload the table" (payloads are
# limited to 8000 bytes).
NOTIFY_MAX_IDS = 100


def _pg(expression: str) -> str:
    return expression.replace("char(10)", "chr(10)").replace(
        "coalesce(new.tags, '')", "coalesce(new.tags::text, '')"
    )


def _upgrade_postgresql() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE TABLE search_index (kind TEXT NOT NULL, row_id VARCHAR(36) NOT NULL, "
        "title TEXT NOT NULL, body TEXT NOT NULL, seq BIGSERIAL NOT NULL, "
        "doc TEXT GENERATED ALWAYS AS (title || chr(10) || body) STORED, "
        "tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', title || chr(10) || body)) STORED, "
        "PRIMARY KEY (kind, row_id))"
    )
    op.execute("CREATE INDEX ix_search_index_tsv ON search_index USING gin (tsv)")
    op.execute("CREATE INDEX ix_search_index_doc ON search_index USING gin (doc gin_trgm_ops)")
    for kind, (title, body) in INDEXED.items():
        op.execute(
            f"""CREATE FUNCTION search_{kind}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    DELETE FROM search_index WHERE kind = '{kind}' AND row_id = OLD.id;
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
                    INSERT INTO search_index (kind, row_id, title, body)
                        VALUES ('{kind}', NEW.id, {_pg(title)}, {_pg(body)});
                END IF;
                RETURN NULL;
            END $$"""
        )
        op.execute(
            f"CREATE TRIGGER search_{kind}_sync AFTER INSERT OR UPDATE OR DELETE ON {kind} "
            f"FOR EACH ROW EXECUTE FUNCTION search_{kind}_sync()"
        )
        op.execute(f"UPDATE {kind} SET version = version")
    op.execute(
        f"""CREATE FUNCTION quaestio_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            ids TEXT[];
        BEGIN
            SELECT array_agg(id) INTO ids FROM (SELECT id FROM changed_rows LIMIT {NOTIFY_MAX_IDS + 1}) s;
            IF ids IS NULL THEN
                RETURN NULL;
            END IF;
            PERFORM pg_notify('quaestio_changes', json_build_object(
                'table', TG_TABLE_NAME,
                'ids', CASE WHEN cardinality(ids) > {NOTIFY_MAX_IDS} THEN ARRAY[]::TEXT[] ELSE ids END,
                'all', cardinality(ids) > {NOTIFY_MAX_IDS},
                'replica', coalesce(current_setting('quaestio.replica_id', true), ''),
                'client', coalesce(current_setting('quaestio.client_id', true), ''))::text);
            RETURN NULL;
        END $$"""
    )
    for table in NOTIFIED:
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER notify_{table}_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {ref} TABLE AS changed_rows "
                "FOR EACH STATEMENT EXECUTE FUNCTION quaestio_notify()"
            )


def _downgrade_postgresql() -> None:
    for table in NOTIFIED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS notify_{table}_{event} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS quaestio_notify()")
    for kind in INDEXED:
        op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_sync ON {kind}")
        op.execute(f"DROP FUNCTION IF EXISTS search_{kind}_sync()")
    op.execute("DROP TABLE IF EXISTS search_index")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _downgrade_postgresql()
        return
    if op.get_bind().dialect.name != "sqlite":
        return
    for kind in INDEXED:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{suffix}")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.execute("DROP TABLE IF EXISTS search_map")
