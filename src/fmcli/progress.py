"""A download's progress bar on stderr, for a person watching a terminal. Rich is imported only to
draw it; piped, with --json or with stderr not a terminal there is no bar and no import."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int, "int | None"], None]  # (bytes so far, bytes in all if known)


@contextmanager
def download_bar(label: str, *, show: bool) -> Iterator[Advance]:
    """Yield the callback a download reports to; draw it as a bar on stderr when `show`. `label`
    is fm's own text (a catalog's name), shown as text, never as markup."""
    if not show:
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    plain = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    console = Console(stderr=True, markup=False, emoji=False, highlight=False,
                      color_system=None if plain else "auto")
    columns = (TextColumn("{task.description}", markup=False), BarColumn(finished_style="green"),
               DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=console, redirect_stdout=False, redirect_stderr=False) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)
        yield advance
