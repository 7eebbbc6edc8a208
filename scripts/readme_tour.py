"""Regenerate the command samples in README.md from real output.

Every line `$ fm ...` inside a fenced block of the README is run again, through bash (pipes
work) on a pseudo-terminal of 100 columns with NO_COLOR=1 and no pager, and the lines up to the
next command or the end of the block are replaced by what it printed. Long outputs keep their
first lines and end with `...`. Run it from the repository root with the project's venv first on
PATH: `PATH=.venv/bin:$PATH python scripts/readme_tour.py`.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

COLUMNS, MAX_LINES = 100, 36
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run(command: str) -> str:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLUMNS, 0, 0))
    env = dict(os.environ, NO_COLOR="1", FM_PAGER="", PAGER="", COLUMNS=str(COLUMNS), TERM="xterm")
    proc = subprocess.Popen(["bash", "-c", command[2:]], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(master)
    text = ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))
    lines = [line.rstrip() for line in text.rstrip("\n").split("\n")]
    return "\n".join(lines[:MAX_LINES] + (["..."] if len(lines) > MAX_LINES else []))


def regenerate(readme: str) -> str:
    out: list[str] = []
    in_block = skipping = False
    for line in readme.split("\n"):
        if line.startswith("```"):
            in_block, skipping = not in_block, False
            out.append(line)
        elif in_block and line.startswith("$ fm "):
            out += [line, run(line)]
            skipping = True
        elif not skipping:
            out.append(line)
    return "\n".join(out)


def main() -> None:
    path = Path("README.md")
    path.write_text(regenerate(path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write("README.md regenerated\n")


if __name__ == "__main__":
    main()
