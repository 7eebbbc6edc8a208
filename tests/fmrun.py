"""Run the real `fm` as a user would (a subprocess, or stdout on a pseudo-terminal) and check it.

Plain functions shared by the test modules that run fm in a subprocess (tests/ is on sys.path:
`from fmrun import fm, run_cases, ...`). base_env() is the environment they start from: none of
the variables that change colour, width, data, locale or debugging, and a private FM_CACHE_DIR
holding a copy of an index readied once (build_index, private_copy).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

_FM_SCRIPT = Path(sys.executable).with_name("fm")
FM = [str(_FM_SCRIPT)] if _FM_SCRIPT.is_file() else [sys.executable, "-m", "fmcli"]

# Variables that change colour, width, data or debugging: every test starts without them.
_SCRUB = {
    "FORCE_COLOR", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "PY_COLORS", "TERM", "COLUMNS", "LINES",
    "FM_DATA_PATH", "FM_DEBUG", "FM_CACHE_DIR", "XDG_CACHE_HOME", "XDG_DATA_HOME", "PYTHONIOENCODING", "PYTHONUTF8",
    "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANG", "LANGUAGE", "GITHUB_ACTIONS", "TYPER_STANDARD_TRACEBACK",
    "_TYPER_STANDARD_TRACEBACK", "PYTHONWARNINGS", "FM_PAGER", "PAGER", "LESS",
}

TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|─ Traceback")
SGR = re.compile(r"\x1b\[[0-9;]*m")
WORKERS = max(2, min(8, os.cpu_count() or 2))

Arg = str | bytes | os.PathLike[str]  # one command-line argument; bytes for an undecodable argv


def base_env(cache: Path, **extra: str | None) -> dict[str, str]:
    """os.environ without _SCRUB, with FM_CACHE_DIR=cache and LANG=C.UTF-8; None in extra unsets."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env["FM_CACHE_DIR"] = str(cache)
    env["XDG_DATA_HOME"] = str(cache / "xdg-data")  # no catalogs imported unless a test imports them
    env["LANG"] = "C.UTF-8"
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def cli_runner_env(cache: Path, **extra: str) -> dict[str, str | None]:
    """The same for an in-process CliRunner: every _SCRUB variable unset, FM_CACHE_DIR=cache."""
    env: dict[str, str | None] = {key: None for key in _SCRUB}
    env["FM_CACHE_DIR"] = str(cache)
    env["XDG_DATA_HOME"] = str(cache / "xdg-data")
    env.update(extra)
    return env


class Run:
    """A finished `fm` process: exit code and decoded streams."""

    def __init__(self, code: int, out: bytes, err: bytes, seconds: float = 0.0) -> None:
        self.code = code
        self.raw_out = out
        self.raw_err = err
        self.out = out.decode("utf-8", "surrogateescape")
        self.err = err.decode("utf-8", "surrogateescape")
        self.seconds = seconds

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return f"Run(code={self.code}, out={self.out[:600]!r}, err={self.err[:600]!r})"


def _argv(args: Sequence[Arg]) -> list[str] | list[bytes]:
    """FM + args as text, or all as bytes when any argument is bytes (an undecodable argv)."""
    words = [*FM, *map(os.fspath, args)]
    if any(isinstance(word, bytes) for word in words):
        return [os.fsencode(word) for word in words]
    return words


def fm(args: Sequence[Arg], env: Mapping[str, str], *, timeout: float = 30, cwd: Path | None = None) -> Run:
    """Run fm with stdin empty and stdout and stderr on pipes."""
    start = time.monotonic()
    proc = subprocess.run(_argv(args), env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                          cwd=cwd, check=False)
    return Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)


def run_pty(args: Sequence[Arg], env: Mapping[str, str], *, cols: int = 100, rows: int = 40,
            timeout: float = 20, cwd: Path | None = None, stderr_tty: bool = False) -> Run:
    """Run fm with stdin and stdout on a pseudo-terminal of the given size (stderr stays a pipe,
    unless `stderr_tty` puts it on the terminal too: then `out` holds both, as a screen shows them).

    Reads until the terminal closes; after `timeout` seconds fm is killed. "\\r\\n" becomes "\\n".
    No pager unless `env` names one in FM_PAGER (None there leaves FM_PAGER unset).
    """
    env = {key: value for key, value in {"FM_PAGER": "", **env}.items() if value is not None}
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    start = time.monotonic()
    proc = subprocess.Popen(_argv(args), stdin=slave, stdout=slave, stderr=slave if stderr_tty else subprocess.PIPE,
                            env=env, close_fds=True, cwd=cwd)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            proc.kill()
            break
        ready, _, _ = select.select([master], [], [], min(remaining, 0.5))
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child side closed
            break
        if not data:
            break
        chunks.append(data)
    _, err = proc.communicate(timeout=10)
    err = err or b""
    os.close(master)
    out = b"".join(chunks).replace(b"\r\n", b"\n")
    return Run(proc.returncode, out, err, time.monotonic() - start)


Check = Callable[[Run], object]  # raises AssertionError on a bad run
Case = tuple[str, Sequence[Arg], Mapping[str, str], Check]  # label, args, env, check


def run_cases(cases: Sequence[Case], *, runner: Callable[..., Run] = fm, timeout: float = 30,
              cwd: Path | None = None) -> None:
    """Run every case at once, then every check; report all failures together.

    runner is fm, run_pty or a wrapper of them: runner(args, env, timeout=..., cwd=...) -> Run.
    """
    def one(case: Case) -> Run | None:
        try:
            return runner(case[1], case[2], timeout=timeout, cwd=cwd)
        except subprocess.TimeoutExpired:
            return None

    with ThreadPoolExecutor(WORKERS) as pool:
        runs = list(pool.map(one, cases))
    failures = []
    for (label, _args, _env, check), run in zip(cases, runs):
        if run is None:
            failures.append(f"[{label}] still running after {timeout} s (killed)")
            continue
        try:
            check(run)
        except AssertionError as exc:
            failures.append(f"[{label}] {str(exc)[:900]}")
    assert not failures, f"{len(failures)} of {len(cases)} case(s) failed:\n" + "\n".join(failures)


def build_index(cache: Path) -> Path:
    """Have fm ready the bundled index in `cache` (an empty folder): an index it built, or the
    marker of a checked prebuilt one; return the folder."""
    run = fm(["list", "orgs"], base_env(cache), timeout=60)
    assert run.code == 0, run
    assert list(cache.glob("index-*")), "fm left no index or prebuilt marker in FM_CACHE_DIR"
    return cache


def private_copy(seed: Path, target: Path) -> Path:
    """Copy the index files and prebuilt markers of the cache folder `seed` into `target` (created if needed)."""
    target.mkdir(parents=True, exist_ok=True)
    for index in seed.glob("index-*"):
        shutil.copyfile(index, target / index.name)
    return target


def split_words(screen: str, plain: str, extra: Sequence[str] = ()) -> list[str]:
    """Words drawn on `screen` that are not whole words of the `plain` output (or of `extra`):
    a word may only break after one of its own hyphens (`DeepSeek-R1-` / `Distill`), never inside.
    Punctuation around a word and a closing ellipsis (a shortened text) are not part of it."""
    def bare(word: str) -> str:
        return word.removesuffix("...").rstrip("…").strip("()[]{},;:.!?\"'")
    words = {bare(word) for word in [*plain.split(), *extra]}
    split = []
    for token in {bare(t) for t in SGR.sub("", screen).split()} - words:
        if token and not set(token) <= set("─│├└→·–—") and not any(_piece_of(token, w) for w in words):
            split.append(token)
    return sorted(split)


def _piece_of(token: str, word: str) -> bool:
    start = word.find(token)
    while start >= 0:
        end = start + len(token)
        if (start == 0 or word[start - 1] == "-") and (end == len(word) or token.endswith("-")):
            return True
        start = word.find(token, start + 1)
    return False


def no_traceback(run: Run) -> None:
    assert not TRACEBACK.search(run.out), run
    assert not TRACEBACK.search(run.err), run


def unsafe_chars(text: str, *, allow_sgr: bool = False) -> list[str]:
    """Raw control/format characters a terminal could interpret (newline and tab are fine)."""
    if allow_sgr:
        text = SGR.sub("", text)
    return sorted({repr(c) for c in text if c not in "\n\t" and (
        unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))})


def assert_one_line_error(run: Run, code: int) -> str:
    """Exit `code`, nothing on stdout, one clean `fm: error: ...` line on stderr; return that line."""
    assert run.code == code, run
    no_traceback(run)
    assert run.out == "", run
    lines = run.err.rstrip("\n").split("\n")
    assert len(lines) == 1, run
    assert lines[0].startswith("fm: error: "), run
    assert unsafe_chars(run.err) == [], run
    return lines[0]


EMPTY_RESULTS = '{\n  "results": []\n}\n'  # what search, list and timeline write with --json when nothing matches


def assert_json_error(run: Run, code: int, kind: str | None = None, *, out: str = "") -> dict[str, Any]:
    """Exit `code`, `out` on stdout (nothing, or EMPTY_RESULTS for a search that found nothing), one
    {"error": {...}} document on stderr; return the error."""
    assert run.code == code, run
    no_traceback(run)
    assert run.out == out, run
    lines = run.err.strip().split("\n")
    assert len(lines) == 1, run
    doc = json.loads(lines[0])
    assert set(doc) == {"error"}, doc
    error = doc["error"]
    assert {"code", "message", "suggestions"} <= set(error), error
    assert isinstance(error["code"], str) and error["code"], error
    assert isinstance(error["message"], str) and error["message"], error
    assert isinstance(error["suggestions"], list), error
    if kind is not None:
        assert error["code"] == kind, error
    return error
