"""Basket risk rules: stops, take-profits, scheduled rebalancing, exchange-side protection.

Revision ID: u0008_risk_rules
Revises: u0007_exposure_guard
Create Date: 2026-12-08

position_risk_rules holds one position's armed rules (the `risk.set` object, as JSONB), when they were armed
(the trailing stop's "best PnL since"), that best PnL and the break-even level once reached, and the state of
Bybit's per-symbol stops placed for it (per symbol: placed at a price, refused or removed, and why).

position_risk_triggers is the decision log: a rule that fires writes its row (position, rule, action, the PnL
and mark prices it saw, the level crossed, the position's component snapshot) before any order is sent. The
row then moves decided -> handed (the close or rebalance is under way) -> done, skipped (nothing traded) or
failed. A crash after the row resumes the action; before it, the rules are evaluated again. `slot` makes a
rule fire once: "close" for every closing rule (a position closes once), the scheduled time for a calendar
rebalance, the coin for an exit before delivery. At most one decision per position is open at a time.

position_events gains the kinds risk_rules (armed, changed, cleared), risk_trigger (fired, and what it did
and cost), risk_protection (a Bybit stop placed, moved, removed or refused) and risk_stale (a stop not
evaluated because prices were stale).
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import check_in, create_id_table, in_list, now_column, reference, replace_check_in
from sqlalchemy.dialects import postgresql

revision = "u0008_risk_rules"
down_revision = "u0007_exposure_guard"
branch_labels = None
depends_on = None

OLD_EVENT_KINDS = (
    "guard",
    "closed_outside",
    "liquidation",
    "adl",
    "delivery",
    "delisting",
    "account_mismatch",
    "marked_closed",
    "remainder",
)
NEW_EVENT_KINDS = OLD_EVENT_KINDS + ("risk_rules", "risk_trigger", "risk_protection", "risk_stale")
RULES = (
    "stopLoss",
    "takeProfit",
    "trailingStop",
    "breakEven",
    "closeAt",
    "rebalanceCalendar",
    "rebalanceThreshold",
    "exitBeforeDelivery",
    "exchangeStop",
)
STATES = ("decided", "handed", "done", "skipped", "failed")


def upgrade() -> None:
    op.create_table(
        "position_risk_rules",
        *reference("position_risk_rules", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("rules", postgresql.JSONB, nullable=False),
        now_column("armed_at"),
        sa.Column("peak_pnl", sa.Numeric),
        sa.Column("break_even_level", sa.Numeric),
        sa.Column("protection", postgresql.JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        now_column("updated_at"),
        sa.PrimaryKeyConstraint("position_id", name="position_risk_rules_pkey"),
    )

    create_id_table(
        "position_risk_triggers",
        *reference("position_risk_triggers", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("rule", sa.String(24), nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("slot", sa.String(64), nullable=False),
        sa.Column("slot_at", sa.TIMESTAMP(timezone=True)),
        sa.Column("state", sa.String(10), nullable=False, server_default="decided"),
        sa.Column("pnl_seen", sa.Numeric),
        sa.Column("level", sa.Numeric),
        sa.Column("marks", postgresql.JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("component_snapshot", sa.Integer, nullable=False),
        sa.Column("outcome", sa.Text),
        now_column("decided_at"),
        sa.Column("finished_at", sa.TIMESTAMP(timezone=True)),
        sa.UniqueConstraint("position_id", "slot", name="position_risk_triggers_position_id_slot_key"),
        check_in("position_risk_triggers", "rule", RULES),
        check_in("position_risk_triggers", "action", ("close", "rebalance")),
        check_in("position_risk_triggers", "state", STATES),
    )
    op.create_index(
        "position_risk_triggers_one_open_idx",
        "position_risk_triggers",
        ["position_id"],
        unique=True,
        postgresql_where=sa.text("state IN ('decided', 'handed')"),
    )

    replace_check_in("position_events", "kind", NEW_EVENT_KINDS)


def downgrade() -> None:
    op.execute(f"DELETE FROM position_events WHERE NOT ({in_list('kind', OLD_EVENT_KINDS)})")
    replace_check_in("position_events", "kind", OLD_EVENT_KINDS)
    op.drop_index("position_risk_triggers_one_open_idx", "position_risk_triggers")
    op.drop_table("position_risk_triggers")
    op.drop_table("position_risk_rules")
