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
from synthex_ddl import check_in, create_id_table, id_pkey, now_column, reference

revision = "u0001_initial_schema"
down_revision = None
branch_labels = None
depends_on = None

POSITION_STATUSES = ("PENDING", "EXECUTING", "ACTIVE", "CLOSING", "CLOSED", "FAILED")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),  # SERIAL, as the Auth.js adapter expects
        sa.Column("name", sa.String(255)),
        sa.Column("email", sa.String(255)),
        sa.Column("emailVerified", sa.TIMESTAMP(timezone=True)),
        sa.Column("image", sa.Text),
        sa.Column("subscription_tier", sa.String(32), nullable=False, server_default="free"),
        id_pkey("users"),
        sa.UniqueConstraint("email", name="users_email_key"),
    )

    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        *reference("accounts", "userId", "users.id", "CASCADE"),
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
        id_pkey("accounts"),
        # getUserByAccount looks accounts up by (provider, providerAccountId).
        sa.UniqueConstraint("provider", "providerAccountId", name="accounts_provider_providerAccountId_key"),
    )
    op.create_index("accounts_userId_idx", "accounts", ["userId"])

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        *reference("sessions", "userId", "users.id", "CASCADE"),
        sa.Column("expires", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("sessionToken", sa.String(255), nullable=False),
        id_pkey("sessions"),
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
        *reference("bybit_credentials", "user_id", "users.id", "CASCADE"),
        sa.Column("encrypted_api_key", sa.LargeBinary, nullable=False),
        sa.Column("encrypted_api_secret", sa.LargeBinary, nullable=False),
        now_column("updated_at"),
        sa.PrimaryKeyConstraint("user_id", name="bybit_credentials_pkey"),
    )

    create_id_table(
        "synthetic_positions",
        *reference("synthetic_positions", "user_id", "users.id", "RESTRICT"),
        sa.Column("index_name", sa.String(64), nullable=False),
        sa.Column("usdt_size", sa.Numeric, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="PENDING"),
        sa.Column("is_altered", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("unrealized_pnl", sa.Numeric, nullable=False, server_default="0"),
        now_column("created_at"),
        now_column("updated_at"),
        check_in("synthetic_positions", "status", POSITION_STATUSES),
        sa.CheckConstraint("usdt_size > 0", name="synthetic_positions_usdt_size_check"),
    )
    # The app lists a user's positions by status (open ones on start, history on demand).
    op.create_index("synthetic_positions_user_id_status_idx", "synthetic_positions", ["user_id", "status"])

    create_id_table(
        "position_components",
        *reference("position_components", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("expected_quantity", sa.Numeric, nullable=False),
        # A position holds each symbol once; this also serves lookups by position_id.
        sa.UniqueConstraint("position_id", "symbol", name="position_components_position_id_symbol_key"),
    )

    create_id_table(
        "trades",
        *reference("trades", "position_id", "synthetic_positions.id", "RESTRICT"),
        sa.Column("bybit_order_id", sa.String(64), nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("price", sa.Numeric, nullable=False),
        sa.Column("quantity", sa.Numeric, nullable=False),
        now_column("timestamp"),
        check_in("trades", "side", ("Long", "Short")),
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
