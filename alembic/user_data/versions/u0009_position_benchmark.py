"""The cockpit's benchmark: BTC's mark when each position opened and closed, and BTC's mark per minute.

Revision ID: u0009_position_benchmark
Revises: u0008_risk_rules
Create Date: 2026-12-04

position_benchmarks holds, per position, the benchmark's mark (BTCUSDT) read from Bybit when the position
became ACTIVE and when it closed: `positions.performance` sets "BTC held from the same moment" next to the
position's NAV, so the benchmark's move is exactly BTC's own move over the position's life.

benchmark_marks holds the benchmark's mark once a minute per exchange environment while any position is
ACTIVE (the minutes of the PnL snapshots); rows older than 90 days are pruned with the snapshots.
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import reference

revision = "u0009_position_benchmark"
down_revision = "u0008_risk_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "position_benchmarks",
        *reference("position_benchmarks", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("open_mark", sa.Numeric, nullable=False),
        sa.Column("opened_at", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("close_mark", sa.Numeric),
        sa.Column("closed_at", sa.TIMESTAMP(timezone=True)),
        sa.PrimaryKeyConstraint("position_id", name="position_benchmarks_pkey"),
        sa.CheckConstraint("open_mark > 0 AND (close_mark IS NULL OR close_mark > 0)", name="position_benchmarks_mark_check"),
    )
    op.create_table(
        "benchmark_marks",
        sa.Column("environment", sa.String(16), nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("minute", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("mark", sa.Numeric, nullable=False),
        sa.PrimaryKeyConstraint("environment", "symbol", "minute", name="benchmark_marks_pkey"),
        sa.CheckConstraint("minute = date_trunc('minute', minute)", name="benchmark_marks_minute_check"),
        sa.CheckConstraint("mark > 0", name="benchmark_marks_mark_check"),
    )
    op.create_index("benchmark_marks_minute_idx", "benchmark_marks", ["minute"])


def downgrade() -> None:
    op.drop_index("benchmark_marks_minute_idx", "benchmark_marks")
    op.drop_table("benchmark_marks")
    op.drop_table("position_benchmarks")
