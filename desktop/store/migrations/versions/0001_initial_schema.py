"""Initial schema: every table of DESIGN §2.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "archive",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_original", sa.String(), nullable=False),
        sa.Column("other_names", sa.String(), nullable=False),
        sa.Column("city", sa.String(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("website", sa.String(), nullable=False),
        sa.Column("contact_person", sa.String(), nullable=False),
        sa.Column("salutation", sa.String(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("regime_code", sa.String(length=40), nullable=False),
        sa.Column("access_conditions", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("archive", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archive_city"), ["city"], unique=False)
        batch_op.create_index(batch_op.f("ix_archive_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "change",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("merge_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("replica_id", "seq"),
    )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_replica_id"), ["replica_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_row_id"), ["row_id"], unique=False)

    op.create_table(
        "legal_regime",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("law", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("initial_days", sa.Integer(), nullable=False),
        sa.Column("extension_days", sa.Integer(), nullable=False),
        sa.Column("appeal_days", sa.Integer(), nullable=True),
        sa.Column("holiday_country", sa.String(), nullable=False),
        sa.Column("roll_forward", sa.Boolean(), nullable=False),
        sa.Column("clarification", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("legal_regime", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_regime_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "letter_template",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("scope_key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_template_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_original", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "project",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("min_app_version", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "question",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("background", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("answer_summary", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_status"), ["status"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("citation", sa.String(), nullable=False),
        sa.Column("citation_original", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "holding",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("archive_id", sa.String(length=36), nullable=False),
        sa.Column("likelihood", sa.String(length=20), nullable=False),
        sa.Column("rationale", sa.String(), nullable=False),
        sa.Column("expected", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["archive_id"],
            ["archive.id"],
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("holding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holding_archive_id"), ["archive_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_holding_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_holding_question_id"), ["question_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_question_id"), ["question_id"], unique=False)

    op.create_table(
        "question_person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("question_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_person_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_person_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_person_question_id"), ["question_id"], unique=False)

    op.create_table(
        "question_source",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("pages", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("question_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_source_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_source_question_id"), ["question_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_source_source_id"), ["source_id"], unique=False)

    op.create_table(
        "request",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("archive_id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("outcome_note", sa.String(), nullable=False),
        sa.Column("drafted_on", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("due_basis", sa.String(), nullable=False),
        sa.Column("due_override", sa.Date(), nullable=True),
        sa.Column("due_override_reason", sa.String(), nullable=False),
        sa.Column("paused_on", sa.Date(), nullable=True),
        sa.Column("paused_days_left", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["archive_id"],
            ["archive.id"],
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_archive_id"), ["archive_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_question_id"), ["question_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_status"), ["status"], unique=False)

    op.create_table(
        "archival_reference",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("archive_id", sa.String(length=36), nullable=False),
        sa.Column("holding_id", sa.String(length=36), nullable=True),
        sa.Column("style", sa.String(length=10), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("formatted", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("dates", sa.String(), nullable=False),
        sa.Column("access", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["archive_id"],
            ["archive.id"],
        ),
        sa.ForeignKeyConstraint(
            ["holding_id"],
            ["holding.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("archival_reference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archival_reference_archive_id"), ["archive_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archival_reference_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_archival_reference_holding_id"), ["holding_id"], unique=False)

    op.create_table(
        "communication",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=5), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("dated_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_communication_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_communication_request_id"), ["request_id"], unique=False)

    op.create_table(
        "request_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=True),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("request_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_event_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_event_request_id"), ["request_id"], unique=False)

    op.create_table(
        "tracking_number",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tracking_number", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracking_number_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tracking_number_request_id"), ["request_id"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("communication_id", sa.String(length=36), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("stored_path", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communication.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_communication_id"), ["communication_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachment_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "request_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("reference_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["archival_reference.id"],
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("request_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_item_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_item_reference_id"), ["reference_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_item_request_id"), ["request_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("request_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_item_request_id"))
        batch_op.drop_index(batch_op.f("ix_request_item_reference_id"))
        batch_op.drop_index(batch_op.f("ix_request_item_deleted_at"))

    op.drop_table("request_item")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_attachment_communication_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("tracking_number", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracking_number_request_id"))
        batch_op.drop_index(batch_op.f("ix_tracking_number_deleted_at"))

    op.drop_table("tracking_number")
    with op.batch_alter_table("request_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_event_request_id"))
        batch_op.drop_index(batch_op.f("ix_request_event_deleted_at"))

    op.drop_table("request_event")
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_communication_request_id"))
        batch_op.drop_index(batch_op.f("ix_communication_deleted_at"))

    op.drop_table("communication")
    with op.batch_alter_table("archival_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archival_reference_holding_id"))
        batch_op.drop_index(batch_op.f("ix_archival_reference_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_archival_reference_archive_id"))

    op.drop_table("archival_reference")
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_status"))
        batch_op.drop_index(batch_op.f("ix_request_question_id"))
        batch_op.drop_index(batch_op.f("ix_request_parent_id"))
        batch_op.drop_index(batch_op.f("ix_request_due_on"))
        batch_op.drop_index(batch_op.f("ix_request_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_request_archive_id"))

    op.drop_table("request")
    with op.batch_alter_table("question_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_source_source_id"))
        batch_op.drop_index(batch_op.f("ix_question_source_question_id"))
        batch_op.drop_index(batch_op.f("ix_question_source_deleted_at"))

    op.drop_table("question_source")
    with op.batch_alter_table("question_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_person_question_id"))
        batch_op.drop_index(batch_op.f("ix_question_person_person_id"))
        batch_op.drop_index(batch_op.f("ix_question_person_deleted_at"))

    op.drop_table("question_person")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_question_id"))
        batch_op.drop_index(batch_op.f("ix_note_deleted_at"))

    op.drop_table("note")
    with op.batch_alter_table("holding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holding_question_id"))
        batch_op.drop_index(batch_op.f("ix_holding_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_holding_archive_id"))

    op.drop_table("holding")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_deleted_at"))

    op.drop_table("source")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_status"))
        batch_op.drop_index(batch_op.f("ix_question_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_question_code"))

    op.drop_table("question")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_deleted_at"))

    op.drop_table("project")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_deleted_at"))

    op.drop_table("person")
    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_template_deleted_at"))

    op.drop_table("letter_template")
    with op.batch_alter_table("legal_regime", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_regime_deleted_at"))

    op.drop_table("legal_regime")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_row_id"))
        batch_op.drop_index(batch_op.f("ix_change_replica_id"))

    op.drop_table("change")
    with op.batch_alter_table("archive", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archive_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_archive_city"))

    op.drop_table("archive")
