"""What opening and closing synthetic positions needs: the order intent log, fills keyed by Bybit's
execution id, and the position's own terms.

Revision ID: u0004_position_execution
Revises: u0003_custom_indices
Create Date: 2026-12-01

synthetic_positions gains its terms (index id, direction, leverage, slippage cap, what to do when a leg
fails), its outcome (realized_pnl, failure_reason, closed_at), request_id (a position opened twice with
the same request is one position), link_key (random, so orderLinkIds never collide with another install's
on the same Bybit account), and the environment it trades in (a position is only ever worked with a key of
that environment).

position_orders is written BEFORE an order is sent: after a crash each row says which orderLinkId may
exist on Bybit and must be looked up before anything is sent again. Its states: intent (written, maybe
sent), accepted (Bybit acknowledged), unknown (sent, no answer yet), and the final ones: filled, cancelled
(an IOC order's unfilled rest, possibly after partial fills), rejected (refused, nothing booked).

trades gains exec_id (UNIQUE: every fill is stored exactly once, whichever path saw it first), the
orderLinkId it belongs to, the fee, and what the fill was for (open, close, repair, rebalance). Held
quantity and average entry are derived from trades, never stored beside them.

bybit_credentials gains the Bybit UID query-api reported (null on demo trading, which cannot say): Bybit's
rate limits are per UID, so every key of one UID shares one limiter.

Rows written before this revision get backfilled values so the migration runs on a used database.
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import check_in, create_id_table, drop_checks, drop_columns, in_list, now_column, reference
from sqlalchemy.dialects import postgresql

revision = "u0004_position_execution"
down_revision = "u0003_custom_indices"
branch_labels = None
depends_on = None

KINDS = ("open", "close", "repair", "rebalance")
ORDER_STATES = ("intent", "accepted", "unknown", "filled", "cancelled", "rejected")


def upgrade() -> None:
    add = lambda column: op.add_column("synthetic_positions", column)  # noqa: E731
    add(sa.Column("index_id", sa.String(64)))
    add(sa.Column("direction", sa.String(5), nullable=False, server_default="long"))
    add(sa.Column("leverage", sa.Numeric, nullable=False, server_default="1"))
    add(sa.Column("max_slippage_percent", sa.Numeric, nullable=False, server_default="0.5"))
    add(sa.Column("on_partial_failure", sa.String(8), nullable=False, server_default="rollback"))
    add(sa.Column("realized_pnl", sa.Numeric))
    add(sa.Column("failure_reason", sa.Text))
    add(sa.Column("closed_at", sa.TIMESTAMP(timezone=True)))
    # When it first held every leg (ACTIVE); a position closing without one is a rollback and ends FAILED.
    add(sa.Column("opened_at", sa.TIMESTAMP(timezone=True)))
    add(sa.Column("request_id", postgresql.UUID))
    add(sa.Column("link_key", sa.String(12)))
    add(sa.Column("environment", sa.String(16), nullable=False, server_default="mainnet"))
    op.execute(
        "UPDATE synthetic_positions SET index_id = index_name, request_id = gen_random_uuid(),"
        " link_key = substr(md5(random()::text || id::text), 1, 10)"
    )
    op.execute("UPDATE synthetic_positions SET closed_at = updated_at WHERE status IN ('CLOSED', 'FAILED')")
    for column in ("index_id", "request_id", "link_key"):
        op.alter_column("synthetic_positions", column, nullable=False)
    op.create_check_constraint(
        "synthetic_positions_direction_check", "synthetic_positions", in_list("direction", ("long", "short"))
    )
    op.create_check_constraint("synthetic_positions_leverage_check", "synthetic_positions", "leverage >= 1")
    op.create_check_constraint(
        "synthetic_positions_slippage_check",
        "synthetic_positions",
        "max_slippage_percent > 0 AND max_slippage_percent <= 10",
    )
    op.create_check_constraint(
        "synthetic_positions_on_partial_failure_check",
        "synthetic_positions",
        in_list("on_partial_failure", ("rollback", "keep")),
    )
    # A final position says when it ended; only a failed one carries a failure without being retried.
    op.create_check_constraint(
        "synthetic_positions_closed_at_check",
        "synthetic_positions",
        "(status IN ('CLOSED', 'FAILED')) = (closed_at IS NOT NULL)",
    )
    op.create_unique_constraint(
        "synthetic_positions_user_id_request_id_key", "synthetic_positions", ["user_id", "request_id"]
    )
    op.create_unique_constraint("synthetic_positions_link_key_key", "synthetic_positions", ["link_key"])

    op.add_column("bybit_credentials", sa.Column("bybit_uid", sa.String(32)))

    op.add_column("position_components", sa.Column("target_weight", sa.Numeric))
    op.add_column("position_components", sa.Column("reference_price", sa.Numeric))

    create_id_table(
        "position_orders",
        *reference("position_orders", "position_id", "synthetic_positions.id", "RESTRICT"),
        *reference("position_orders", "component_id", "position_components.id", "RESTRICT"),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("chunk", sa.Integer, nullable=False),
        sa.Column("order_link_id", sa.String(36), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        sa.Column("quantity", sa.Numeric, nullable=False),
        sa.Column("limit_price", sa.Numeric),
        sa.Column("reduce_only", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("position_idx", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("state", sa.String(10), nullable=False, server_default="intent"),
        sa.Column("bybit_order_id", sa.String(64)),
        sa.Column("bybit_status", sa.String(24)),
        sa.Column("filled_quantity", sa.Numeric, nullable=False, server_default="0"),
        sa.Column("error_code", sa.String(40)),
        sa.Column("error_message", sa.Text),
        sa.Column("sent_at", sa.TIMESTAMP(timezone=True)),
        now_column("created_at"),
        now_column("updated_at"),
        sa.UniqueConstraint("order_link_id", name="position_orders_order_link_id_key"),
        sa.UniqueConstraint(
            "component_id", "kind", "attempt", "chunk", name="position_orders_component_attempt_key"
        ),
        check_in("position_orders", "kind", KINDS),
        check_in("position_orders", "state", ORDER_STATES),
        check_in("position_orders", "side", ("Buy", "Sell")),
        sa.CheckConstraint("quantity > 0", name="position_orders_quantity_check"),
        sa.CheckConstraint("position_idx IN (0, 1, 2)", name="position_orders_position_idx_check"),
        sa.CheckConstraint("length(order_link_id) <= 36", name="position_orders_order_link_id_check"),
    )
    op.create_index("position_orders_position_id_idx", "position_orders", ["position_id"])

    op.add_column("trades", sa.Column("exec_id", sa.String(64)))
    op.add_column("trades", sa.Column("order_link_id", sa.String(36)))
    op.add_column("trades", sa.Column("fee", sa.Numeric, nullable=False, server_default="0"))
    op.add_column("trades", sa.Column("fee_currency", sa.String(16), nullable=False, server_default="USDT"))
    op.add_column("trades", sa.Column("kind", sa.String(10), nullable=False, server_default="open"))
    op.execute("UPDATE trades SET exec_id = 'legacy-' || id::text WHERE exec_id IS NULL")
    op.alter_column("trades", "exec_id", nullable=False)
    op.create_unique_constraint("trades_exec_id_key", "trades", ["exec_id"])
    op.create_check_constraint("trades_kind_check", "trades", in_list("kind", KINDS))
    # Rows from before this revision have no orderLinkId; every fill Synthex records from now on has one.
    op.create_foreign_key(
        "trades_order_link_id_fkey",
        "trades",
        "position_orders",
        ["order_link_id"],
        ["order_link_id"],
        ondelete="RESTRICT",
    )
    op.create_index("trades_order_link_id_idx", "trades", ["order_link_id"])


def downgrade() -> None:
    op.drop_index("trades_order_link_id_idx", "trades")
    op.drop_constraint("trades_order_link_id_fkey", "trades", type_="foreignkey")
    op.drop_constraint("trades_kind_check", "trades", type_="check")
    op.drop_constraint("trades_exec_id_key", "trades", type_="unique")
    drop_columns("trades", ("kind", "fee_currency", "fee", "order_link_id", "exec_id"))
    op.drop_table("position_orders")
    op.drop_column("bybit_credentials", "bybit_uid")
    op.drop_column("position_components", "reference_price")
    op.drop_column("position_components", "target_weight")
    op.drop_constraint("synthetic_positions_link_key_key", "synthetic_positions", type_="unique")
    op.drop_constraint("synthetic_positions_user_id_request_id_key", "synthetic_positions", type_="unique")
    drop_checks("synthetic_positions", ("closed_at", "on_partial_failure", "slippage", "leverage", "direction"))
    drop_columns(
        "synthetic_positions",
        (
            "environment",
            "link_key",
            "request_id",
            "opened_at",
            "closed_at",
            "failure_reason",
            "realized_pnl",
            "on_partial_failure",
            "max_slippage_percent",
            "leverage",
            "direction",
            "index_id",
        ),
    )
