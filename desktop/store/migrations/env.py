"""Alembic environment. Quaestio runs migrations programmatically (desktop.store.schema): the
caller passes an open connection in `config.attributes["connection"]`."""

from alembic import context
from sqlmodel import SQLModel

from desktop.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Quaestio migrations run through desktop.store.schema, with a connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-move
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
