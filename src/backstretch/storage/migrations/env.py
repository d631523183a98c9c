"""Alembic's entry point. backstretch runs its migrations itself (storage/schema.py), handing over
a connection that is already inside a write transaction, so concurrent first starts wait for each
other instead of creating the tables twice."""

from __future__ import annotations

from alembic import context

from backstretch.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through backstretch.storage.schema.migrate(engine)")
context.configure(
    connection=connection, target_metadata=metadata, render_as_batch=True, transactional_ddl=True
)
with context.begin_transaction():
    context.run_migrations()
