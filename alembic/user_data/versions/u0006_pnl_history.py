"""Live PnL: per-position minute snapshots for the charts, and funding paid per position.

Revision ID: u0006_pnl_history
Revises: u0005_drift
Create Date: 2026-12-02

position_pnl_snapshots holds one row per position and minute (the PnL engine writes every ACTIVE
position once a minute, all in one statement); rows older than 90 days are pruned by the app. The primary
key (position_id, minute) makes a second write in the same minute an update, never a duplicate; the index
on minute serves the pruning and the total series (Σ over positions per minute).

position_funding records each Bybit Funding execution (execType Funding) once per position it was shared
out to: Bybit settles funding on the account's net position of a symbol, which several synthetic positions
may hold together, so the amount is split by held quantity. (exec_id, position_id) is unique, so the
stream and the REST catch-up can both deliver one settlement.

synthetic_positions.unrealized_pnl already exists (u0001); the engine now keeps it current.
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import create_id_table, reference

revision = "u0006_pnl_history"
down_revision = "u0005_drift"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "position_pnl_snapshots",
        *reference("position_pnl_snapshots", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("minute", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.Column("unrealized_pnl", sa.Numeric, nullable=False),
        sa.Column("realized_pnl", sa.Numeric, nullable=False),
        sa.PrimaryKeyConstraint("position_id", "minute", name="position_pnl_snapshots_pkey"),
        sa.CheckConstraint("minute = date_trunc('minute', minute)", name="position_pnl_snapshots_minute_check"),
    )
    op.create_index("position_pnl_snapshots_minute_idx", "position_pnl_snapshots", ["minute"])

    create_id_table(
        "position_funding",
        *reference("position_funding", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("exec_id", sa.String(64), nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        # Positive = paid (a long at a positive rate), as Bybit's execFee.
        sa.Column("amount", sa.Numeric, nullable=False),
        sa.Column("settled_at", sa.TIMESTAMP(timezone=True), nullable=False),
        sa.UniqueConstraint("exec_id", "position_id", name="position_funding_exec_id_position_id_key"),
    )
    op.create_index("position_funding_position_id_idx", "position_funding", ["position_id"])


def downgrade() -> None:
    op.drop_index("position_funding_position_id_idx", "position_funding")
    op.drop_table("position_funding")
    op.drop_index("position_pnl_snapshots_minute_idx", "position_pnl_snapshots")
    op.drop_table("position_pnl_snapshots")
