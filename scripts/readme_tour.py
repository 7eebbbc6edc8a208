"""Regenerate the command samples in README.md from real output.

Every line `$ fm ...` inside a fenced block of the README is run again, through bash (pipes
work) on a pseudo-terminal of 100 columns with NO_COLOR=1 and no pager, and the lines up to the
next command or the end of the block are replaced by what it printed. Long outputs keep their
first lines and end with `...`. Run it from the repository root with the project's venv first on
PATH: `PATH=.venv/bin:$PATH python scripts/readme_tour.py`.

fm runs with a cache and data folder of its own, so nothing you imported or keep in FM_DATA_PATH
shows; the blocks after a line `<!-- readme_tour: provider fixtures -->` run with the provider
catalogs of tests/fixtures imported (trimmed real files), dated the day the script runs.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

COLUMNS, MAX_LINES = 100, 36
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROVIDERS_MARK = "<!-- readme_tour: provider fixtures -->"
FIXTURES = Path("tests/fixtures")
CATALOGS = (("models.dev", "modelsdev_api.json"), ("openrouter", "openrouter_models.json"),
            ("litellm", "litellm_model_prices.json"))


def environments(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """fm's environment without imports, and with the provider fixtures imported."""
    base = {k: v for k, v in os.environ.items() if k not in ("FM_DATA_PATH", "FM_CACHE_DIR", "XDG_DATA_HOME")}
    bare = dict(base, FM_CACHE_DIR=str(folder / "cache"), XDG_DATA_HOME=str(folder / "bare"))
    imported = dict(bare, XDG_DATA_HOME=str(folder / "imported"))
    for catalog, name in CATALOGS:
        subprocess.run(["fm", "import", catalog, str(FIXTURES / name)], env=imported, check=True,
                       stdout=subprocess.DEVNULL)
    return bare, imported


def run(command: str, base: dict[str, str]) -> str:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLUMNS, 0, 0))
    env = dict(base, NO_COLOR="1", FM_PAGER="", PAGER="", COLUMNS=str(COLUMNS), TERM="xterm")
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


def regenerate(readme: str, bare: dict[str, str], imported: dict[str, str]) -> str:
    out: list[str] = []
    in_block = skipping = with_imports = False
    for line in readme.split("\n"):
        if line.startswith("```"):
            in_block, skipping = not in_block, False
            with_imports = with_imports and in_block  # the mark holds for the next block only
            out.append(line)
        elif in_block and line.startswith("$ fm "):
            out += [line, run(line, imported if with_imports else bare)]
            skipping = True
        elif not skipping:
            with_imports = with_imports or line.strip() == PROVIDERS_MARK
            out.append(line)
    return "\n".join(out)


def main() -> None:
    path = Path("README.md")
    with tempfile.TemporaryDirectory() as folder:
        text = regenerate(path.read_text(encoding="utf-8"), *environments(Path(folder)))
    path.write_text(text, encoding="utf-8")
    sys.stdout.write("README.md regenerated\n")


if __name__ == "__main__":
    main()
