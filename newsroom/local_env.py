"""The embedded default's local settings file.

`make run` writes `.env` beside `manage.py` once, with `DEBUG=true` and a `SECRET_KEY` made for
this machine, so that every `manage.py` command typed afterwards (`ingest`, `createsuperuser`,
`generate_archive`, …) runs on the same demo as the server, as the README shows them. The
settings read the file named by `ENV_FILE` (default: that `.env`; empty: none); variables set in
the environment always win over it, so production, which sets its own, is unaffected. The file
is never committed (`.gitignore`).

Usage: `python -m newsroom.local_env [PATH]`; prints what it did; an existing file is kept.
"""

import secrets
import sys
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / ".env"


def write_local_env(path: Path = DEFAULT_PATH) -> bool:
    """Write the local settings file unless it exists; returns whether it was written."""
    if path.exists():
        return False
    path.write_text(
        "# Written by `make run` for the embedded default on this machine; never commit it.\n"
        "# Variables set in the environment win over these.\n"
        "DEBUG=true\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH
    written = write_local_env(target)
    print(f"{'Wrote' if written else 'Kept'} {target} (DEBUG=true, a local SECRET_KEY).")
