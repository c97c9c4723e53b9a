"""General Data DB: what indices and the Universe page need beside rank and min notional, and a log
of refresh runs (when, how long, how many assets, what went wrong).

Revision ID: g0002_universe_details_and_runs
Revises: g0001_initial_schema
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import check_in, create_id_table, drop_columns, now_column

revision = "g0002_universe_details_and_runs"
down_revision = "g0001_initial_schema"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: rows written before this revision have none of these.
    op.add_column("daily_tradable_assets", sa.Column("base_coin", sa.String(32), nullable=True))
    op.add_column("daily_tradable_assets", sa.Column("coin", sa.String(32), nullable=True))
    op.add_column(
        "daily_tradable_assets",
        sa.Column("multiplier", sa.Numeric, server_default=sa.text("1"), nullable=False),
    )
    op.add_column("daily_tradable_assets", sa.Column("market_cap", sa.Numeric, nullable=True))
    op.add_column("daily_tradable_assets", sa.Column("turnover_24h", sa.Numeric, nullable=True))
    op.add_column("daily_tradable_assets", sa.Column("coingecko_id", sa.String(128), nullable=True))
    op.create_check_constraint(
        "daily_tradable_assets_multiplier_check", "daily_tradable_assets", "multiplier > 0"
    )

    create_id_table(
        "universe_refresh_runs",
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), server_default=sa.text("'running'"), nullable=False),
        now_column("started_at"),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.Column("fetch_date", sa.Date, nullable=True),
        sa.Column("assets", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        check_in("universe_refresh_runs", "reason", ("startup", "schedule", "manual", "retry")),
        check_in("universe_refresh_runs", "status", ("running", "succeeded", "failed")),
    )
    # The app reads the newest runs.
    op.create_index("universe_refresh_runs_started_at_idx", "universe_refresh_runs", ["started_at"])


def downgrade() -> None:
    op.drop_table("universe_refresh_runs")
    op.drop_constraint("daily_tradable_assets_multiplier_check", "daily_tradable_assets")
    drop_columns(
        "daily_tradable_assets", ("coingecko_id", "turnover_24h", "market_cap", "multiplier", "coin", "base_coin")
    )
