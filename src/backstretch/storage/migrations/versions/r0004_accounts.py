"""Accounts of a shared server: accounts, invitations, sign-ins, failed sign-ins, sharing and the
access log.

Only new tables: the records of revision 0003 are left as they are, and a personal database
(one local person, no accounts) simply has these tables empty. Each account is a person
(people ON DELETE CASCADE), and what names an account goes with it (accounts ON DELETE
CASCADE), so erasing a person erases all of it in one statement; a reader erased from someone
else's access log is set to NULL. Failed sign-ins name what was typed, which may be no account.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

TIMESTAMP = sa.String(40)
USERNAME = sa.String(40)
TOKEN_HASH = sa.String(64)
FLAG = sa.Boolean(create_constraint=False)


def account(name: str, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column[str]:
    return sa.Column(
        name, USERNAME, sa.ForeignKey("accounts.username", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("username", USERNAME, primary_key=True),
        sa.Column(
            "person_id",
            sa.String(100),
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(400)),
        sa.Column("disabled", FLAG, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("role IN ('person', 'clinician', 'admin')", name="ck_accounts_role"),
    )
    op.create_table(
        "invitations",
        sa.Column("token_hash", TOKEN_HASH, primary_key=True),
        account("username"),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("used", FLAG, nullable=False),
    )
    op.create_table(
        "sign_ins",
        sa.Column("token_hash", TOKEN_HASH, primary_key=True),
        account("username"),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "sharing",
        account("username"),
        account("clinician"),
        sa.Column("since", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("username", "clinician", name="pk_sharing"),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        account("person"),
        account("reader", nullable=True, ondelete="SET NULL"),
        sa.Column("what", sa.String(40), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
    )
    for name, table, columns in (
        ("ix_invitations_username", "invitations", ["username"]),
        ("ix_sign_ins_username", "sign_ins", ["username"]),
        ("ix_sign_in_failures_username_at", "sign_in_failures", ["username", "at"]),
        ("ix_sign_in_failures_address_at", "sign_in_failures", ["address", "at"]),
        ("ix_sharing_clinician", "sharing", ["clinician"]),
        ("ix_access_log_person_at", "access_log", ["person", "at"]),
        ("ix_access_log_reader", "access_log", ["reader"]),
    ):
        op.create_index(name, table, columns)


def downgrade() -> None:
    for table in ("access_log", "sharing", "sign_in_failures", "sign_ins", "invitations"):
        op.drop_table(table)
    op.drop_table("accounts")
