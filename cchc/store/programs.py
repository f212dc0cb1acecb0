"""PostgreSQL's programs of Debian's package (``pg_dump``, ``pg_restore``; the server's own for
:mod:`deploy.postgres`), found where Debian keeps them: ``/usr/lib/postgresql/<version>/bin``, off the PATH."""
from __future__ import annotations

import glob
import shutil
from pathlib import Path


def binary(name: str) -> str:
    """The path of PostgreSQL's program ``name``, of the newest version installed."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if not on_path:
        raise FileNotFoundError(f"{name}: PostgreSQL chưa được cài / is not installed (apt-get install postgresql)")
    return on_path
