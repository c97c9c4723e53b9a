"""The pre-trade guard and the exchange's adverse events: account binding, position history, new trade kinds.

Revision ID: u0007_exposure_guard
Revises: u0006_pnl_history
Create Date: 2026-12-03

synthetic_positions.bybit_account binds a position to the Bybit account it was opened on: `uid:<UID>`, or
`key:<masked key>` where Bybit cannot say which account a key belongs to (demo trading). An order for the
position is only ever sent with a key of that account; a profile whose key now belongs to another account
shows the position as living elsewhere. Rows from before this revision take the account of the profile's
key of the same environment, when there is one.

position_events is the position's own history in words: an order the pre-trade guard refused or reduced
(with the numbers), a leg found closed outside Synthex, a liquidation, an auto-deleveraging, a delisting
announced or settled, the key pointing at another account, a position marked closed outside Synthex, a
remainder below Bybit's minimum accepted as done.

trades.kind gains liquidation (BustTrade), adl (AdlTrade), delivery (a delisted contract settled) and outside
(a leg that left the account by someone else's hand, priced at what explains it). These count in the
position's held quantity and realised PnL like its own fills. kind widens to 12 characters for them.

adverse_executions logs each BustTrade / AdlTrade / Delivery of an account once (per environment, account and
execId, whichever profile's stream or REST read saw it first) with how it was shared out among the positions
holding the symbol: the unique key is what makes the share-out happen exactly once.
"""
from alembic import op
import sqlalchemy as sa
from synthex_ddl import check_in, create_id_table, execution_columns, in_list, now_column, reference
from sqlalchemy.dialects import postgresql

revision = "u0007_exposure_guard"
down_revision = "u0006_pnl_history"
branch_labels = None
depends_on = None

OLD_KINDS = ("open", "close", "repair", "rebalance", "adopt")
NEW_KINDS = OLD_KINDS + ("liquidation", "adl", "delivery", "outside")
EVENT_KINDS = (
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


def upgrade() -> None:
    op.add_column("synthetic_positions", sa.Column("bybit_account", sa.String(64)))
    op.execute(
        "UPDATE synthetic_positions p SET bybit_account = CASE WHEN c.bybit_uid IS NOT NULL"
        " THEN 'uid:' || c.bybit_uid ELSE 'key:' || c.masked_api_key END"
        " FROM bybit_credentials c WHERE c.user_id = p.user_id AND c.environment = p.environment"
    )

    create_id_table(
        "position_events",
        *reference("position_events", "position_id", "synthetic_positions.id", "CASCADE"),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("symbol", sa.String(32)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("detail", postgresql.JSONB),
        now_column("created_at"),
        check_in("position_events", "kind", EVENT_KINDS),
    )
    op.create_index("position_events_position_id_idx", "position_events", ["position_id", "id"])

    op.drop_constraint("trades_kind_check", "trades", type_="check")
    op.alter_column("trades", "kind", type_=sa.String(12), existing_type=sa.String(10))
    op.create_check_constraint("trades_kind_check", "trades", in_list("kind", NEW_KINDS))

    create_id_table(
        "adverse_executions",
        sa.Column("environment", sa.String(16), nullable=False),
        sa.Column("bybit_account", sa.String(64), nullable=False),
        sa.Column("exec_id", sa.String(64), nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("exec_type", sa.String(16), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        *execution_columns(),
        # [{positionId, quantity, fee}] and what no position held ("outside").
        sa.Column("shares", postgresql.JSONB, nullable=False),
        now_column("recorded_at"),
        sa.UniqueConstraint(
            "environment", "bybit_account", "exec_id", name="adverse_executions_account_exec_id_key"
        ),
        check_in("adverse_executions", "exec_type", ("BustTrade", "AdlTrade", "Delivery")),
        check_in("adverse_executions", "side", ("Buy", "Sell")),
    )


def downgrade() -> None:
    op.drop_table("adverse_executions")
    op.execute("DELETE FROM trades WHERE kind IN ('liquidation', 'adl', 'delivery', 'outside')")
    op.drop_constraint("trades_kind_check", "trades", type_="check")
    op.alter_column("trades", "kind", type_=sa.String(10), existing_type=sa.String(12))
    op.create_check_constraint("trades_kind_check", "trades", in_list("kind", OLD_KINDS))
    op.drop_index("position_events_position_id_idx", "position_events")
    op.drop_table("position_events")
    op.drop_column("synthetic_positions", "bybit_account")
