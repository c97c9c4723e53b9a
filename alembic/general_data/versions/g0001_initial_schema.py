"""General Data DB: the daily snapshot of tradable assets.

Revision ID: g0001_initial_schema
Revises:
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import create_id_table

revision = "g0001_initial_schema"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_id_table(
        "daily_tradable_assets",
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("market_cap_rank", sa.Integer, nullable=False),
        sa.Column("min_notional_value", sa.Numeric, nullable=False),
        sa.Column("fetch_date", sa.Date, nullable=False),
        # One row per asset per day; also serves lookups of one symbol's history.
        sa.UniqueConstraint("symbol", "fetch_date", name="daily_tradable_assets_symbol_fetch_date_key"),
        sa.CheckConstraint("market_cap_rank > 0", name="daily_tradable_assets_market_cap_rank_check"),
        sa.CheckConstraint("min_notional_value >= 0", name="daily_tradable_assets_min_notional_value_check"),
    )
    # The app reads one day's assets ranked by market cap.
    op.create_index(
        "daily_tradable_assets_fetch_date_rank_idx", "daily_tradable_assets", ["fetch_date", "market_cap_rank"]
    )


def downgrade() -> None:
    op.drop_table("daily_tradable_assets")
