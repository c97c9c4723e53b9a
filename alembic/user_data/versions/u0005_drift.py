"""Drift: what Bybit really holds against what the positions should hold, and putting it right.

Revision ID: u0005_drift
Revises: u0004_position_execution
Create Date: 2026-12-02

is_altered exists since u0001. synthetic_positions gains the current difference behind it (alteration:
per leg expected, actual, the outside executions that explain it; null when in line), when it was first
seen (altered_at), the action being worked on it (pending_action: repair or rebalance, so a crash mid-way
resumes it at the next start) and the number of its current component snapshot.

position_component_history keeps every component snapshot replaced by an adoption or a rebalance:
position_components stays the source of truth for what a position should hold now, and what it should
have held before is never lost.

outside_executions is the log of fills on the account that Synthex did not place (no Synthex orderLinkId
of ours): a trade by hand, another bot, a liquidation. They are never a position's trades. exec_id is
unique per profile (two profiles can hold keys of one Bybit account and both log the same fill).

position_alterations is the bounded history of a position's alterations (the app keeps the latest 50 per
position): every time the difference appears, changes or clears.

trades.kind gains 'adopt': the quantity an adoption accepts into a position, at the price that explains it.
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import (
    check_in,
    create_id_table,
    drop_columns,
    execution_columns,
    in_list,
    now_column,
    reference,
    replace_check_in,
)
from sqlalchemy.dialects import postgresql

revision = "u0005_drift"
down_revision = "u0004_position_execution"
branch_labels = None
depends_on = None

OLD_KINDS = ("open", "close", "repair", "rebalance")
NEW_KINDS = OLD_KINDS + ("adopt",)


def upgrade() -> None:
    add = lambda column: op.add_column("synthetic_positions", column)  # noqa: E731
    add(sa.Column("alteration", postgresql.JSONB))
    add(sa.Column("altered_at", sa.TIMESTAMP(timezone=True)))
    add(sa.Column("pending_action", sa.String(10)))
    add(sa.Column("component_snapshot", sa.Integer, nullable=False, server_default="1"))
    op.create_check_constraint(
        "synthetic_positions_pending_action_check",
        "synthetic_positions",
        "pending_action IS NULL OR " + in_list("pending_action", ("repair", "rebalance")),
    )

    create_id_table(
        "position_component_history",
        *reference("position_component_history", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("snapshot", sa.Integer, nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("expected_quantity", sa.Numeric, nullable=False),
        sa.Column("target_weight", sa.Numeric),
        sa.Column("reference_price", sa.Numeric),
        sa.Column("replaced_by", sa.String(10), nullable=False),
        now_column("replaced_at"),
        check_in("position_component_history", "replaced_by", ("adopt", "rebalance")),
    )
    op.create_index(
        "position_component_history_position_id_idx", "position_component_history", ["position_id", "snapshot"]
    )

    create_id_table(
        "outside_executions",
        *reference("outside_executions", "user_id", "users.id", "CASCADE"),
        sa.Column("environment", sa.String(16), nullable=False),
        sa.Column("exec_id", sa.String(64), nullable=False),
        sa.Column("bybit_order_id", sa.String(64), nullable=False),
        sa.Column("order_link_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        sa.Column("exec_type", sa.String(16), nullable=False),
        *execution_columns(),
        now_column("recorded_at"),
        sa.UniqueConstraint("user_id", "exec_id", name="outside_executions_user_id_exec_id_key"),
        check_in("outside_executions", "side", ("Buy", "Sell")),
    )
    op.create_index(
        "outside_executions_user_id_symbol_idx", "outside_executions", ["user_id", "symbol", "exec_time"]
    )

    create_id_table(
        "position_alterations",
        *reference("position_alterations", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("event", sa.String(10), nullable=False),
        sa.Column("legs", postgresql.JSONB, nullable=False),
        now_column("created_at"),
        check_in(
            "position_alterations", "event", ("altered", "changed", "cleared", "repaired", "adopted", "rebalanced")
        ),
    )
    op.create_index("position_alterations_position_id_idx", "position_alterations", ["position_id", "id"])

    replace_check_in("trades", "kind", NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM trades WHERE kind = 'adopt'")
    replace_check_in("trades", "kind", OLD_KINDS)
    op.drop_index("position_alterations_position_id_idx", "position_alterations")
    op.drop_table("position_alterations")
    op.drop_index("outside_executions_user_id_symbol_idx", "outside_executions")
    op.drop_table("outside_executions")
    op.drop_index("position_component_history_position_id_idx", "position_component_history")
    op.drop_table("position_component_history")
    op.drop_constraint("synthetic_positions_pending_action_check", "synthetic_positions", type_="check")
    drop_columns("synthetic_positions", ("component_snapshot", "pending_action", "altered_at", "alteration"))
