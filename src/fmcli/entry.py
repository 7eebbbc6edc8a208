"""The `fm` console script: quiet on Ctrl-C even while the heavier modules are still importing."""

import os
import signal


def _interrupted_while_starting(signum, frame):  # noqa: ARG001
    os._exit(130)


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted_while_starting)
    from fmcli.cli import main as run

    run()  # FmGroup.main restores the default handler where KeyboardInterrupt becomes exit 130
