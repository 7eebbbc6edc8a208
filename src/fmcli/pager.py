"""Long output on a terminal goes through a pager, as git does it.

The command is FM_PAGER, else PAGER, else `less -FRX` (quit at once when it fits one screen,
pass colour through, leave the text on the screen); an empty value or `cat` means no pager.
A pager that cannot start loses nothing: the caller writes the text itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

DEFAULT = "less -FRX"
_SHELL_CHARACTERS = set("|&;<>()$`\\\"'*?[]#~=%{}!\n")


def command() -> str | None:
    """The pager to run, or None for none."""
    env = os.environ
    chosen = env.get("FM_PAGER", env.get("PAGER", DEFAULT)).strip()
    return None if chosen in ("", "cat") else chosen


def page(text: str) -> bool:
    """Show `text` through the pager; False when no pager ran and the text is still to be written."""
    cmd = command()
    if cmd is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # a bare `less` from PAGER behaves as the default does
    try:
        if _SHELL_CHARACTERS & set(cmd):
            proc = subprocess.Popen(["/bin/sh", "-c", cmd], stdin=subprocess.PIPE, env=env)
        else:
            import shlex
            proc = subprocess.Popen(shlex.split(cmd), stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        return False
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pager's to handle
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(text.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "backslashreplace"))
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the reader quit early (q in less): nothing more to show
        code = proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return code not in (126, 127)  # the shell could not find or run it: nothing was shown
