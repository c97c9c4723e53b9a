"""User Data DB: Auth.js tables, Bybit credentials, synthetic positions, their components and trades.

Revision ID: u0001_initial_schema
Revises:
Create Date: 2026-11-24

Auth.js compatibility: users/accounts/sessions/verification_token follow the @auth/pg-adapter schema
(quoted camelCase columns, users.id SERIAL) so a NextAuth web companion can share this database.
ON DELETE policy: whatever belongs to a user's login (accounts, sessions, credentials) goes with the
user; positions are financial history, so a user with positions cannot be deleted by accident
(RESTRICT); components are part of their position (CASCADE); trades are the audit log, so a position
with trades cannot be deleted (RESTRICT).
"""
from alembic import op
import sqlalchemy as sa

revision = "u0001_initial_schema"
down_revision = None
branch_labels = None
depends_on = None

POSITION_STATUSES = ("PENDING", "EXECUTING", "ACTIVE", "CLOSING", "CLOSED", "FAILED")


def _in(column: str, values: tuple) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),  # SERIAL, as the Auth.js adapter expects
        sa.Column("name", sa.String(255)),
        sa.Column("email", sa.String(255)),
        sa.Column("emailVerified", sa.TIMESTAMP(timezone=True)),
        sa.Column("image", sa.Text),
        sa.Column("subscription_tier", sa.String(32), nullable=False, server_default="free"),
        sa.PrimaryKeyConstraint("id", name="users_pkey"),
        sa.UniqueConstraint("email", name="users_email_key"),
    )

    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("userId", sa.Integer, nullable=False),
        sa.Column("type", sa.String(255), nullable=False),
        sa.Column("provider", sa.String(255), nullable=False),
        sa.Column("providerAccountId", sa.String(255), nullable=False),
        sa.Column("refresh_token", sa.Text),
        sa.Column("access_token", sa.Text),
        sa.Column("expires_at", sa.BigInteger),
        sa.Column("id_token", sa.Text),
        sa.Column("scope", sa.Text),
        sa.Column("session_state", sa.Text),
        sa.Column("token_type", sa.Text),
        sa.PrimaryKeyConstraint("id", name="accounts_pkey"),
        sa.ForeignKeyConstraint(["userId"], ["users.id"], name="accounts_userId_fkey", ondelete="CASCADE"),
        # getUserByAccount looks accounts up by (provider, providerAccountId).
        sa.UniqueConstraint("provider", "providerAccountId", name="accounts_provider_providerAccountId_key"),
    )
    op.create_index("accounts_userId_idx", "accounts", ["userId"])

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("userId", sa.Integer, nullable=False),
        sa.Column("expires", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("sessionToken", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("id", name="sessions_pkey"),
        sa.ForeignKeyConstraint(["userId"], ["users.id"], name="sessions_userId_fkey", ondelete="CASCADE"),
        sa.UniqueConstraint("sessionToken", name="sessions_sessionToken_key"),
    )
    op.create_index("sessions_userId_idx", "sessions", ["userId"])

    op.create_table(
        "verification_token",
        sa.Column("identifier", sa.Text, nullable=False),
        sa.Column("expires", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("token", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("identifier", "token", name="verification_token_pkey"),
    )

    op.create_table(
        "bybit_credentials",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("encrypted_api_key", sa.LargeBinary, nullable=False),
        sa.Column("encrypted_api_secret", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.PrimaryKeyConstraint("user_id", name="bybit_credentials_pkey"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="bybit_credentials_user_id_fkey", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "synthetic_positions",
        sa.Column("id", sa.Integer, sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("index_name", sa.String(64), nullable=False),
        sa.Column("usdt_size", sa.Numeric, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="PENDING"),
        sa.Column("is_altered", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("unrealized_pnl", sa.Numeric, nullable=False, server_default="0"),
        sa.Column("created_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("updated_at", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.PrimaryKeyConstraint("id", name="synthetic_positions_pkey"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="synthetic_positions_user_id_fkey", ondelete="RESTRICT"
        ),
        sa.CheckConstraint(_in("status", POSITION_STATUSES), name="synthetic_positions_status_check"),
        sa.CheckConstraint("usdt_size > 0", name="synthetic_positions_usdt_size_check"),
    )
    # The app lists a user's positions by status (open ones on start, history on demand).
    op.create_index("synthetic_positions_user_id_status_idx", "synthetic_positions", ["user_id", "status"])

    op.create_table(
        "position_components",
        sa.Column("id", sa.Integer, sa.Identity(always=False), nullable=False),
        sa.Column("position_id", sa.Integer, nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("expected_quantity", sa.Numeric, nullable=False),
        sa.PrimaryKeyConstraint("id", name="position_components_pkey"),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["synthetic_positions.id"],
            name="position_components_position_id_fkey",
            ondelete="CASCADE",
        ),
        # A position holds each symbol once; this also serves lookups by position_id.
        sa.UniqueConstraint("position_id", "symbol", name="position_components_position_id_symbol_key"),
    )

    op.create_table(
        "trades",
        sa.Column("id", sa.Integer, sa.Identity(always=False), nullable=False),
        sa.Column("position_id", sa.Integer, nullable=False),
        sa.Column("bybit_order_id", sa.String(64), nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("price", sa.Numeric, nullable=False),
        sa.Column("quantity", sa.Numeric, nullable=False),
        sa.Column("timestamp", sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.PrimaryKeyConstraint("id", name="trades_pkey"),
        sa.ForeignKeyConstraint(
            ["position_id"], ["synthetic_positions.id"], name="trades_position_id_fkey", ondelete="RESTRICT"
        ),
        sa.CheckConstraint(_in("side", ("Long", "Short")), name="trades_side_check"),
        sa.CheckConstraint("price > 0", name="trades_price_check"),
        sa.CheckConstraint("quantity > 0", name="trades_quantity_check"),
    )
    # A position's trades in order; reconciliation finds trades by the exchange's order id.
    op.create_index("trades_position_id_timestamp_idx", "trades", ["position_id", "timestamp"])
    op.create_index("trades_bybit_order_id_idx", "trades", ["bybit_order_id"])


def downgrade() -> None:
    op.drop_table("trades")
    op.drop_table("position_components")
    op.drop_table("synthetic_positions")
    op.drop_table("bybit_credentials")
    op.drop_table("verification_token")
    op.drop_table("sessions")
    op.drop_table("accounts")
    op.drop_table("users")
