"""Building blocks the revisions share (importable: alembic.ini puts this folder on sys.path).

Each one renders exactly the DDL the revisions spelled out by hand before it existed: a landed revision
must keep rendering byte-identical SQL (tests/db/freshness.test.ts), so change none of them; add a new
helper instead.
"""
from alembic import op
import sqlalchemy as sa


def in_list(column: str, values: tuple) -> str:
    """A CHECK condition: the column holds one of the values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def id_column() -> sa.Column:
    """The surrogate key: an integer identity (BY DEFAULT, so a restore can write ids)."""
    return sa.Column("id", sa.Integer, sa.Identity(always=False), nullable=False)


def now_column(name: str) -> sa.Column:
    """A timestamp with time zone that defaults to the time of the insert."""
    return sa.Column(name, sa.TIMESTAMP(timezone=True), nullable=False, server_default=sa.text("now()"))


def id_pkey(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=f"{table}_pkey")


def foreign_key(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    """`table.column` references `target` ("other_table.column"), named `<table>_<column>_fkey`."""
    return sa.ForeignKeyConstraint([column], [target], name=f"{table}_{column}_fkey", ondelete=ondelete)


def check_in(table: str, column: str, values: tuple) -> sa.CheckConstraint:
    """`CHECK (column IN (values))`, named `<table>_<column>_check`."""
    return sa.CheckConstraint(in_list(column, values), name=f"{table}_{column}_check")


def reference(table: str, column: str, target: str, ondelete: str) -> tuple:
    """A required integer column and its foreign key to `target` (see foreign_key), to spread into
    create_table where the column stands: `*reference(...)`. The key still renders right after the primary
    key and before every constraint created after this call, as when it was written after the columns."""
    return sa.Column(column, sa.Integer, nullable=False), foreign_key(table, column, target, ondelete)


def execution_columns() -> tuple:
    """What a Bybit execution says it traded: execPrice, execQty, execFee (0 when it has none) and execTime."""
    return (
        sa.Column("price", sa.Numeric, nullable=False),
        sa.Column("quantity", sa.Numeric, nullable=False),
        sa.Column("fee", sa.Numeric, nullable=False, server_default="0"),
        sa.Column("exec_time", sa.TIMESTAMP(timezone=True), nullable=False),
    )


def create_id_table(name: str, *items) -> None:
    """op.create_table for a table keyed by an identity: id_column() first, then `items`, and `<name>_pkey`."""
    op.create_table(name, id_column(), *items, id_pkey(name))


def replace_check_in(table: str, column: str, values: tuple) -> None:
    """Drop the `<table>_<column>_check` constraint and create it again over `values`."""
    name = f"{table}_{column}_check"
    op.drop_constraint(name, table, type_="check")
    op.create_check_constraint(name, table, in_list(column, values))


def drop_checks(table: str, names: tuple) -> None:
    """Drop the constraints `<table>_<name>_check`, in the order given."""
    for name in names:
        op.drop_constraint(f"{table}_{name}_check", table, type_="check")


def drop_columns(table: str, columns: tuple) -> None:
    """Drop the columns, in the order given."""
    for column in columns:
        op.drop_column(table, column)
