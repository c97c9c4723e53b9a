"""Building blocks the revisions share (importable: alembic.ini puts this folder on sys.path).

Each one renders exactly the DDL the revisions spelled out by hand before it existed: a landed revision
must keep rendering byte-identical SQL (tests/db/freshness.test.ts), so change none of them; add a new
helper instead.
"""
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
