"""The one place output is written: mode decision, JSON, text, errors and notices.

stdout carries only the answer; errors and notices go to stderr. With --json, stdout holds one
JSON document and an error is a JSON object on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from typing import NamedTuple

from fmcli.errors import FmError, OutputError


class Mode(NamedTuple):
    json: bool = False
    terminal: bool = False  # cards and tables laid out for a terminal (else plain records)
    color: bool = False
    width: int = 100
    wide: bool = False  # long cells whole, never shortened with an ellipsis
    page: bool = False  # output taller than the terminal goes through the pager
    height: int = 24


def decide_mode(*, json_out: bool, no_color: bool = False, wide: bool = False, no_pager: bool = False) -> Mode:
    """Terminal layout on a terminal (or when FORCE_COLOR asks for it); colour unless told
    otherwise; the pager only when stdout is a terminal.

    Decided here: Rich and Click treat FORCE_COLOR=0 as on, and assume 80 columns when piped.
    """
    if json_out:
        return Mode(json=True)
    import shutil  # (with bz2 and lzma: 4 ms that a --json answer does without)

    env = os.environ
    force = env.get("FORCE_COLOR", "") not in ("", "0")
    tty = _isatty(sys.stdout)
    size = shutil.get_terminal_size((100, 24))
    width = size.columns if tty else _env_width()
    color = (tty or force) and not no_color and env.get("NO_COLOR", "") == "" and (
        force or env.get("TERM") != "dumb")
    return Mode(terminal=(tty or force), color=color, width=max(width, 1), wide=wide,
                page=tty and not no_pager, height=max(size.lines, 1))


def _env_width() -> int:
    try:
        return int(os.environ.get("COLUMNS", "100"))
    except ValueError:
        return 100


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def stderr_is_terminal() -> bool:
    """Whether a person watches stderr (notices and progress for them, none for a log file)."""
    return _isatty(sys.stderr)


def prepare_streams() -> None:
    """Never crash on an encoding that cannot show a character (PYTHONIOENCODING=ascii, LC_ALL=C)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


class PipeClosed(Exception):
    """The reader of stdout went away (`fm list | head -1`): stop quietly."""


def write(text: str) -> None:
    if sys.stdout is None:  # started with stdout closed
        raise OutputError("cannot write the answer: standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's recipe: point stdout at devnull so the interpreter's final flush is silent.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise PipeClosed from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputError(f"cannot write the answer: {reason}") from None


def emit_json(document: object) -> None:
    write(json.dumps(document, ensure_ascii=True, indent=2) + "\n")


def _laid_out(mode: Mode) -> bool:
    """Laid out for the screen, or (too narrow, or not a terminal) written as plain records."""
    from fmcli import render

    return mode.terminal and mode.width >= render.NARROWEST


def emit_blocks(blocks: list, mode: Mode) -> None:
    from fmcli import render

    if _laid_out(mode):
        text = render.terminal(blocks, width=mode.width, color=mode.color, wide=mode.wide)
    else:
        text = render.plain(blocks)
    if mode.page and text.count("\n") >= mode.height:
        from fmcli.pager import page
        if page(text):
            return
    write(text)


def emit_lines(text: str, mode: Mode) -> None:
    """Lines of running text (not data records): on a terminal each wraps at spaces, its
    continuation indented, so no word is cut at the screen's edge; piped, as they are."""
    from fmcli import render

    if _laid_out(mode):
        text = "".join(render.hang(line, mode.width) + "\n" for line in text.splitlines())
    write(text)


def _stderr(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass


def notice(message: str, *, json_mode: bool) -> None:
    """A hint for a person on stderr; scripts (--json) get none."""
    if not json_mode:
        from fmcli.render import inert
        _stderr("fm: " + inert(message))


def error(exc: FmError, *, json_mode: bool) -> None:
    if json_mode:
        _stderr(json.dumps({"error": exc.as_dict()}, ensure_ascii=True))
    else:
        from fmcli.render import inert
        _stderr("fm: error: " + inert(" ".join(exc.message.split("\n"))))
