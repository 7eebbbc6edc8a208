"""Replace a file whole: write a temporary file beside it, then rename it into place, so a reader
sees the old content or the new, never a half-written file. And keep a folder of such cache files
to its newest few."""

from __future__ import annotations

import os
from pathlib import Path


def replace_file(target: Path, data: bytes, *, durable: bool = False) -> None:
    """Write `data` to `target` atomically (creating its folder); `durable` also syncs it to disk
    first. OSError propagates, and no temporary file is left behind."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def prune(folder: Path, pattern: str, keep: Path, count: int) -> None:
    """Delete the files of `folder` matching `pattern` but `keep` and the `count - 1` most recent
    others; best effort (a file another fm process removes first is no error)."""
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in found if p != keep][count - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
