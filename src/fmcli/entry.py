"""The `fm` console script: quiet on Ctrl-C even while the heavier modules are still importing, and
`fm show`, `fm define`, `fm compare` and `fm search` with plain words answered without Typer (its
import is most of a start)."""

import os
import signal
import sys

FLAGS = {"--json": "json_out", "--no-color": "no_color", "--no-pager": "no_pager"}
QUICK = {"show": FLAGS, "define": FLAGS, "compare": FLAGS, "search": {**FLAGS, "--wide": "wide", "-w": "wide"}}


def _interrupted_while_starting(signum, frame):  # noqa: ARG001
    os._exit(130)


def readable(argument: str) -> str:
    """An argument as text: bytes that are not UTF-8 (which arrive as surrogates U+DC80-U+DCFF) and
    any other lone surrogate (only a Python caller can pass one) become U+FFFD instead of crashing."""
    if argument.isascii():
        return argument
    try:
        return argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        import re
        return re.sub("[\ud800-\udc7f\udd00-\udfff]", "\ufffd", argument).encode(
            "utf-8", "surrogateescape").decode("utf-8", "replace")


def quick_call(argv: list[str]) -> tuple[str, list[str], dict[str, bool]] | None:
    """(command, words, flags) when argv is a command of QUICK followed only by words and that
    command's flags, in any order; None for anything else (options with values, `--`, help,
    completion, any other word starting with '-'), which Typer reads as before."""
    if not argv or argv[0] not in QUICK or "_FM_COMPLETE" in os.environ or os.name == "nt":
        return None  # (on Windows, Click expands wildcards in arguments)
    known = QUICK[argv[0]]
    words: list[str] = []
    flags = dict.fromkeys(known.values(), False)
    for argument in argv[1:]:
        if argument in known:
            flags[known[argument]] = True
        elif argument.startswith("-"):
            return None
        else:
            words.append(argument)
    return (argv[0], words, flags) if words else None


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted_while_starting)
    call = quick_call([readable(a) for a in sys.argv[1:]])
    if call is None:
        from fmcli.cli import main as run
        run()  # FmGroup.main restores the default handler where KeyboardInterrupt becomes exit 130
        return
    from fmcli import commands, guard

    name, words, flags = call
    sys.exit(guard.run(lambda: getattr(commands, name)(words, **flags), json_mode=flags["json_out"]))
