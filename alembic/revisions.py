"""Prints one section's revisions, oldest first, as JSON lines: used by scripts/render-migrations.ts."""
import json
import sys

from alembic.config import Config
from alembic.script import ScriptDirectory

config_path, section = sys.argv[1], sys.argv[2]
script = ScriptDirectory.from_config(Config(config_path, ini_section=section))
heads = script.get_heads()
if len(heads) > 1:
    raise SystemExit(f"{section} has several heads {heads}: merge them first, the app applies a single line")
for rev in reversed(list(script.walk_revisions())):
    print(json.dumps({"revision": rev.revision, "down_revision": rev.down_revision}))
