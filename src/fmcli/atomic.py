"""Replace a file whole: write a temporary file beside it, then rename it into place, so a reader
sees the old content or the new, never a half-written file. And keep a folder of such cache files
to its newest few."""

from __future__ import annotations

import os
from pathlib import Path


def private_temporary(beside: Path) -> tuple[int, str]:
    """A new empty file (descriptor, path), readable by its owner alone, in the folder of `beside`
    (created if needed), named after it. Not tempfile.mkstemp: importing tempfile costs more than
    the rest of a first run's checks."""
    beside.parent.mkdir(parents=True, exist_ok=True)
    while True:
        path = str(beside.parent / f".{beside.name}-{os.getpid()}-{os.urandom(4).hex()}.tmp")
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600), path
        except FileExistsError:
            continue


def replace_file(target: Path, data: bytes, *, durable: bool = False) -> None:
    """Write `data` to `target` atomically (creating its folder); `durable` also syncs it to disk
    first. OSError propagates, and no temporary file is left behind."""
    fd, tmp = private_temporary(target)
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
