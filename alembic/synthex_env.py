"""Shared body of both env.py files: where the URL comes from and how offline rendering behaves."""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

# Offline rendering needs only a dialect, never a server.
OFFLINE_URL = "postgresql+psycopg2://"


def to_sqlalchemy_url(url: str) -> str:
    """The app and the environment use libpq-style URLs; SQLAlchemy 1.4 wants an explicit driver."""
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    raise SystemExit("Unsupported database URL scheme (expected postgres:// or postgresql://)")


def run() -> None:
    config = context.config
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url_env = config.get_main_option("url_env")
    if not url_env:
        raise SystemExit("alembic.ini section is missing url_env")
    raw_url = os.environ.get(url_env)

    if context.is_offline_mode():
        # transactional_ddl=False: the rendered file holds only the revision's statements and its
        # alembic_version bookkeeping; the app's migrator wraps each file in its own transaction.
        context.configure(
            url=to_sqlalchemy_url(raw_url) if raw_url else OFFLINE_URL,
            literal_binds=True,
            transactional_ddl=False,
        )
        with context.begin_transaction():
            context.run_migrations()
        return

    if not raw_url:
        raise SystemExit(f"{url_env} is not set: point it at the database to migrate")
    section = config.get_section(config.config_ini_section) or {}
    section["sqlalchemy.url"] = to_sqlalchemy_url(raw_url)
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        # One transaction per revision, as the app's migrator does.
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
