"""Alembic environment for this database; the shared logic lives in alembic/synthex_env.py."""
from synthex_env import run

run()
