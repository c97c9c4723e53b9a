"""General Data DB: the market history a backtest reads (daily mark-price klines and funding settlements
of the universe's perpetuals, kept two years) and how far back and forward each symbol is fetched, so a
fetch killed half-way resumes where it stopped.

Revision ID: g0003_market_history
Revises: g0002_universe_details_and_runs
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import check_in, now_column

revision = "g0003_market_history"
down_revision = "g0002_universe_details_and_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One closed daily candle of Bybit's mark price (UTC day); the open candle of today is never stored.
    op.create_table(
        "daily_mark_klines",
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("open", sa.Numeric, nullable=False),
        sa.Column("high", sa.Numeric, nullable=False),
        sa.Column("low", sa.Numeric, nullable=False),
        sa.Column("close", sa.Numeric, nullable=False),
        # Also the lookup of one symbol's days in order.
        sa.PrimaryKeyConstraint("symbol", "day", name="daily_mark_klines_pkey"),
        sa.CheckConstraint(
            "open > 0 AND high > 0 AND low > 0 AND close > 0", name="daily_mark_klines_positive_check"
        ),
    )
    # One funding settlement of one perpetual, at its own interval (1 h, 4 h, 8 h, or one that changed).
    op.create_table(
        "funding_settlements",
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("funding_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rate", sa.Numeric, nullable=False),
        sa.PrimaryKeyConstraint("symbol", "funding_time", name="funding_settlements_pkey"),
    )
    # What is stored of one symbol's series: every record from covered_from to covered_to, nothing
    # missing in between; reached_start once Bybit has nothing older (listing) or the kept depth is met.
    op.create_table(
        "market_history_coverage",
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("series", sa.String(16), nullable=False),
        sa.Column("covered_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("covered_to", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reached_start", sa.Boolean, server_default=sa.text("false"), nullable=False),
        now_column("updated_at"),
        sa.PrimaryKeyConstraint("symbol", "series", name="market_history_coverage_pkey"),
        check_in("market_history_coverage", "series", ("mark_daily", "funding")),
        sa.CheckConstraint("covered_from <= covered_to", name="market_history_coverage_range_check"),
    )


def downgrade() -> None:
    op.drop_table("market_history_coverage")
    op.drop_table("funding_settlements")
    op.drop_table("daily_mark_klines")
