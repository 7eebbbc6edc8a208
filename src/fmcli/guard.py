"""Every outcome of a command as its documented exit code and at most one line on stderr: the one
wrapper that both the Typer commands and the quick path of entry.py run in."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Callable

from fmcli import __version__, output
from fmcli.errors import ExitCode, FmError, InternalError


def run(command: Callable[[], object], *, json_mode: bool,
        other: Callable[[Exception, bool], int | None] = lambda exc, json_mode: None) -> int:
    """Runs `command` and returns its exit code. `other` may claim an exception no case here knows
    (the Typer path's usage errors) by returning a code; what nobody claims is a bug: exit 70."""
    output.prepare_streams()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C from here on: exit 130
    try:
        try:
            code = command()
        except (sqlite3.DatabaseError, ValueError) as exc:
            if isinstance(exc, ValueError) and type(exc).__name__ != "JSONDecodeError":
                raise
            # A damaged cache must never change an answer: drop it and answer again.
            from fmcli.index import discard_cache
            discard_cache()
            code = command()
    except output.PipeClosed:
        code = ExitCode.OK
    except FmError as exc:
        output.error(exc, json_mode=json_mode)
        code = exc.exit_code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        code = other(exc, json_mode)
        if code is None:
            code = _internal_error(exc, json_mode)
    return int(code) if isinstance(code, int) else ExitCode.OK


def _internal_error(exc: Exception, json_mode: bool) -> int:
    if os.environ.get("FM_DEBUG"):
        import traceback
        traceback.print_exc()
    output.error(InternalError(f"internal error ({type(exc).__name__}); this is a bug in fm {__version__}: "
                               "please report it with the command you ran (FM_DEBUG=1 shows the traceback)"),
                 json_mode=json_mode)
    return ExitCode.INTERNAL
