"""A profile's own indices: fixed baskets and rules over the daily universe.

Revision ID: u0003_custom_indices
Revises: u0002_credential_environment
Create Date: 2026-12-01

The definition is JSON checked by the app's contract (shared/domain/indices.ts), so a new kind of index
needs no migration; the database guarantees what the app relies on without parsing it: a name unique per
profile, a known kind, and that a basket goes with its profile. Positions copy the index id and name when
they open, so deleting a basket never touches a position.
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import create_id_table, now_column, reference
from sqlalchemy.dialects import postgresql

revision = "u0003_custom_indices"
down_revision = "u0002_credential_environment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_id_table(
        "custom_indices",
        *reference("custom_indices", "user_id", "users.id", "CASCADE"),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("definition", postgresql.JSONB, nullable=False),
        now_column("created_at"),
        now_column("updated_at"),
        # One name per profile; this also serves listing a profile's indices.
        sa.UniqueConstraint("user_id", "name", name="custom_indices_user_id_name_key"),
        sa.CheckConstraint(
            "definition->>'kind' IN ('basket', 'rule')", name="custom_indices_definition_kind_check"
        ),
    )


def downgrade() -> None:
    op.drop_table("custom_indices")
