"""Per-credential exchange environment and the validation snapshot; the remembered active profile.

Revision ID: u0002_credential_environment
Revises: u0001_initial_schema
Create Date: 2026-11-24

bybit_credentials gains what `credentials.set` learned when it validated the key against the exchange:
the environment (and base URLs for 'custom') the key belongs to, so the gateway for a profile is built
from the credential rather than from a global setting; the masked key (never the full key); whether
Synthex may trade with it (monitor_only) and why not (read_only); the withdrawal flag and when the trader
confirmed it; the key's expiry and IP allow-list; and where the permissions came from ('query-api', or
'wallet-read' on demo trading, which lacks query-api). Defaults only exist so rows written before this
revision migrate: such rows are monitor-only and unverified until the key is entered again.

users.selected_at remembers the active profile in the same database as the profiles, so switching to
another User Data DB can never select a profile of the other database by a reused id.
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import drop_checks, drop_columns, in_list
from sqlalchemy.dialects import postgresql

revision = "u0002_credential_environment"
down_revision = "u0001_initial_schema"
branch_labels = None
depends_on = None

ENVIRONMENTS = ("mainnet", "testnet", "demo", "custom")
PERMISSION_SOURCES = ("query-api", "wallet-read", "unverified")


def upgrade() -> None:
    add = lambda column: op.add_column("bybit_credentials", column)  # noqa: E731
    add(sa.Column("environment", sa.String(16), nullable=False, server_default="mainnet"))
    add(sa.Column("custom_rest_url", sa.Text))
    add(sa.Column("custom_ws_url", sa.Text))
    add(sa.Column("masked_api_key", sa.String(16)))
    add(sa.Column("monitor_only", sa.Boolean, nullable=False, server_default=sa.true()))
    add(sa.Column("read_only", sa.Boolean, nullable=False, server_default=sa.false()))
    add(sa.Column("can_withdraw", sa.Boolean, nullable=False, server_default=sa.false()))
    add(sa.Column("withdrawal_confirmed_at", sa.TIMESTAMP(timezone=True)))
    add(sa.Column("permissions_source", sa.String(16), nullable=False, server_default="unverified"))
    add(sa.Column("permissions", postgresql.JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")))
    add(sa.Column("expires_at", sa.TIMESTAMP(timezone=True)))
    add(
        sa.Column(
            "allowed_ips", postgresql.ARRAY(sa.Text), nullable=False, server_default=sa.text("'{}'::text[]")
        )
    )
    add(sa.Column("validated_at", sa.TIMESTAMP(timezone=True)))
    op.create_check_constraint(
        "bybit_credentials_environment_check", "bybit_credentials", in_list("environment", ENVIRONMENTS)
    )
    # Custom base URLs exist exactly when the environment is 'custom'.
    op.create_check_constraint(
        "bybit_credentials_custom_urls_check",
        "bybit_credentials",
        "(environment = 'custom') = (custom_rest_url IS NOT NULL AND custom_ws_url IS NOT NULL)"
        " AND (environment = 'custom' OR (custom_rest_url IS NULL AND custom_ws_url IS NULL))",
    )
    # A key that can withdraw is only ever stored after the trader confirmed it.
    op.create_check_constraint(
        "bybit_credentials_withdrawal_check",
        "bybit_credentials",
        "NOT can_withdraw OR withdrawal_confirmed_at IS NOT NULL",
    )
    op.create_check_constraint(
        "bybit_credentials_permissions_source_check",
        "bybit_credentials",
        in_list("permissions_source", PERMISSION_SOURCES),
    )
    op.add_column("users", sa.Column("selected_at", sa.TIMESTAMP(timezone=True)))


def downgrade() -> None:
    op.drop_column("users", "selected_at")
    drop_checks("bybit_credentials", ("permissions_source", "withdrawal", "custom_urls", "environment"))
    drop_columns(
        "bybit_credentials",
        (
            "validated_at",
            "allowed_ips",
            "expires_at",
            "permissions",
            "permissions_source",
            "withdrawal_confirmed_at",
            "can_withdraw",
            "read_only",
            "monitor_only",
            "masked_api_key",
            "custom_ws_url",
            "custom_rest_url",
            "environment",
        ),
    )
