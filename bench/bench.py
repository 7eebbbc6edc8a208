"""Time whole `fm` processes against the framework floors they stand on (issue 7).

Run with the project's venv:  .venv/bin/python bench/bench.py [--runs N] [--quick] [--out FILE]

Each case is a process with stdout and stderr on /dev/null, run once untimed (building warm
indexes, checking exit code and output), then once per round for N interleaved rounds (each round
starts one case later, so load drifts on a shared machine hit all cases alike). Per case: median
wall and CPU time, the median's ratio to a named floor (with the issue's target where it sets
one) and peak RSS, from a tiny spawner process that times posix_spawn..wait4 (see SPAWNER).

Floors (temp-dir scripts, same Python and Typer): `python -c pass`, a bare Typer app printing
JSON, and the same printing a 12-row Rich table. Commands a person reads run as on a terminal
(FORCE_COLOR=1, COLUMNS=100, like the Rich floor); --json, --help and completion run piped.
Generated user catalogs (+1,000/+10,000 models in FM_DATA_PATH) run warm (index built) and cold
(data file's mtime bumped before each run). Indexes and bytecode live under the temp dir.

Terminal against pipe (issue 12): the same command with stdout on a pseudo-terminal of 100x50
(read to the end by this process, pager off) and with stdout piped to /dev/null; target 1.5x.

--install (issue 17): fm as installed with today's bundled data and with it grown N-fold (grow.py,
default 4x), each a temporary copy of the source tree whose data/ holds the grown files and whose
prebuilt index the build hook compiled (as `pip install -e .` does). First run after install (an
empty cache before every run) against the warm run; the cold rebuild (the same tree without a
prebuilt index, empty cache every run); warm `fm define` / `fm show --json` against the bare Typer
apps and `python -c pass`.

--typer SPEC (issue 17): fm and the floors with this venv's (pinned) Typer against the same with
the Typer that SPEC names (default `typer`, the newest), installed with fm into a temporary venv,
so the pin in pyproject.toml can be lifted the day the newer Typer starts as fast.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import marshal
import os
import platform
import random
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import venv
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PYTHON = sys.executable
FM = str(Path(sys.executable).parent / "fm")
ORGS = ("meta", "openai", "google", "mistral-ai", "deepseek", "alibaba", "microsoft")
WORDS = ("sparse attention mixture experts decoder encoder multilingual code reasoning vision "
         "speech retrieval distilled instruction tuned long context chat small efficient").split()

# The floors use fm's Typer settings (no completion options, no Rich help, no pretty tracebacks).
TYPER_JSON = '''\
import json
import typer
app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
@app.command()
def show(entry: str, json_out: bool = typer.Option(False, "--json")) -> None:
    print(json.dumps({"kind": "model", "id": entry, "name": entry.title(), "context_window": 8192}))
app()
'''

TYPER_RICH = '''\
import typer
app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
@app.command()
def show(entry: str) -> None:
    from rich.console import Console
    from rich.table import Table
    table = Table(title=entry)
    for column in ("fact", "value", "source"):
        table.add_column(column)
    for row in range(12):
        table.add_row(f"fact {row}", f"value {row * 7}", f"[{row % 3 + 1}]")
    Console().print(table)
app()
'''


# Linux charges a child with its parent's peak RSS at exec(), so children are spawned by this
# minimal helper process (~9 MB, no larger than `python -c pass`), not by the benchmark itself.
SPAWNER = """\
import marshal, os, sys, time
null = os.open(os.devnull, os.O_RDWR)
quiet = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
while True:
    try:
        argv, env = marshal.load(sys.stdin.buffer)
    except EOFError:
        break
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=quiet)
    _, status, use = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    result = (wall, use.ru_utime + use.ru_stime, use.ru_maxrss, os.waitstatus_to_exitcode(status))
    marshal.dump(result, sys.stdout.buffer)
    sys.stdout.buffer.flush()
"""


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str]
    floor: str | None = None  # name of the case this one is divided by
    target: float | None = None  # the ceiling for that ratio
    touch: Path | None = None  # cold cases: data file whose mtime is bumped before each run
    fresh: bool = False  # first-run cases: an empty FM_CACHE_DIR before each run
    also: list[tuple[str, float | None]] = field(default_factory=list)  # more (floor, target) pairs
    limit: float | None = None  # the ceiling for the median itself, in seconds
    pty: bool = False  # stdout on a pseudo-terminal, read by this process
    expect: str | None = None  # text the untimed run's stdout must contain
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: int = 0
    rebuilds: int = 0  # warm runs that wrote an index: the data or fm changed during the benchmark
    problem: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


_last_touch = 0


def touch(path: Path) -> None:
    """Give the file a new, strictly increasing mtime: fm's cache key changes, the index is stale."""
    global _last_touch
    _last_touch = max(time.time_ns(), _last_touch + 1_000)
    os.utime(path, ns=(_last_touch, _last_touch))


_fresh_caches = 0


def env_for_run(case: Case) -> dict[str, str]:
    """The case's environment; for a first-run case with a new, empty cache folder."""
    global _fresh_caches
    if not case.fresh:
        return case.env
    _fresh_caches += 1
    return {**case.env, "FM_CACHE_DIR": f"{case.env['FM_CACHE_DIR']}/{_fresh_caches}"}


def check(case: Case) -> None:
    """The untimed first run: exit code 0 and, where asked, the expected text on stdout."""
    if case.touch:
        touch(case.touch)
    done = subprocess.run(case.argv, env=env_for_run(case), stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, errors="replace")
    if done.returncode != 0:
        err = done.stderr.strip().splitlines()
        case.problem = f"exit {done.returncode}: {err[-1] if err else '(no stderr)'}"
    elif case.expect and case.expect not in done.stdout:
        case.problem = f"stdout lacks {case.expect!r}: {done.stdout.strip()[:80]!r}"


def indexes(case: Case) -> dict[str, int]:
    folder = Path(case.env["FM_CACHE_DIR"])
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("index-*")} if folder.is_dir() else {}


def on_pty(case: Case) -> tuple[float, float, int, int]:
    """Spawn with stdin and stdout on a 100x50 pseudo-terminal, read it to the end, wait4."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 100, 0, 0))
    null = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, slave, 0), (os.POSIX_SPAWN_DUP2, slave, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(case.argv[0], case.argv, case.env, file_actions=actions, setsid=True)
    os.close(slave)
    os.close(null)
    while True:
        select.select([master], [], [])
        try:
            if not os.read(master, 1 << 16):
                break
        except OSError:  # EIO: the child side is closed
            break
    _, status, use = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(master)
    return wall, use.ru_utime + use.ru_stime, use.ru_maxrss, os.waitstatus_to_exitcode(status)


def timed(case: Case, spawner: subprocess.Popen[bytes]) -> None:
    """One timed run in the spawner: wall time around spawn+exit, child CPU and peak RSS (wait4)."""
    assert spawner.stdin is not None and spawner.stdout is not None
    if case.touch:
        touch(case.touch)
    before = None if case.touch or case.fresh else indexes(case)
    if case.pty:
        wall, cpu, rss, code = on_pty(case)
    else:
        marshal.dump((case.argv, env_for_run(case)), spawner.stdin)
        spawner.stdin.flush()
        wall, cpu, rss, code = marshal.load(spawner.stdout)
    case.wall.append(wall)
    case.cpu.append(cpu)
    case.rss_kb = max(case.rss_kb, rss // (1024 if sys.platform == "darwin" else 1))  # macOS: bytes
    if before is not None and indexes(case) != before:
        case.rebuilds += 1
    if code != 0 and case.problem is None:
        case.problem = f"a timed run exited {code}"


def catalog(n: int) -> str:
    """n valid user model entries (existing organizations, every stated fact supported)."""
    rng = random.Random(n)
    lines = [f"# {n} synthetic models generated by bench/bench.py", "models:"]
    for i in range(n):
        lines.append(f"""\
  - id: bench-model-{i:05d}
    name: Bench Model {i:05d}
    kind: model
    aliases: [bm{i:05d}]
    organization: {ORGS[i % len(ORGS)]}
    summary: Synthetic model {i} for timing fm at scale, about {' and '.join(rng.sample(WORDS, 3))}.
    release: "{2020 + i % 5}-{1 + i % 12:02d}"
    open_weights: {"true" if i % 3 else "false"}
    license: {"Apache-2.0" if i % 3 else "proprietary"}
    parameters: {1 + i % 70}B
    context_window: {2 ** (11 + i % 7)}
    modality: {{input: [text], output: [text]}}
    architecture: decoder-only transformer
    sources:
      - title: Bench model {i:05d} model card
        url: https://example.org/bench/{i:05d}
        supports: [release, open_weights, license, parameters, context_window, modality, architecture]""")
    return "\n".join(lines) + "\n"


FLOOR_PY, FLOOR_JSON, FLOOR_RICH = "python -c pass", "bare Typer: JSON", "bare Typer + Rich table"


def environments(tmp: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(piped, terminal) environments. No inherited PYTHON* settings (PYTHONDONTWRITEBYTECODE would
    recompile fm's modules on every run); bytecode is cached under the temp dir, so the checkout
    gets no __pycache__ folders."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FM_", "COMP_", "_FM_", "PYTHON"))
            and k not in ("FORCE_COLOR", "NO_COLOR")}
    base["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    piped = {**base, "FM_CACHE_DIR": str(tmp / "cache")}
    return piped, {**piped, "FORCE_COLOR": "1", "COLUMNS": "100", "TERM": "xterm-256color"}


def floors(tmp: Path, python: str = PYTHON, suffix: str = "") -> list[Case]:
    """`python -c pass` and the bare Typer apps, run by `python` (named with `suffix`)."""
    piped, term = environments(tmp)
    (tmp / "typer_json.py").write_text(TYPER_JSON)
    (tmp / "typer_rich.py").write_text(TYPER_RICH)
    return [
        Case(FLOOR_PY + suffix, [python, "-c", "pass"], piped),
        Case(FLOOR_JSON + suffix, [python, str(tmp / "typer_json.py"), "llama-3", "--json"], piped, FLOOR_PY + suffix),
        Case(FLOOR_RICH + suffix, [python, str(tmp / "typer_rich.py"), "llama-3"], term, FLOOR_JSON + suffix),
    ]


def build_cases(tmp: Path, sizes: list[int]) -> list[Case]:
    piped, term = environments(tmp)
    floor_json, floor_rich = FLOOR_JSON, FLOOR_RICH
    show_json, search = "fm show llama-3 --json", "fm search attention"
    cases = [
        *floors(tmp),
        Case("fm define foundation-model", [FM, "define", "foundation-model"], term, floor_rich, 1.2),
        Case("fm define foundation-model (piped)", [FM, "define", "foundation-model"], piped, floor_json),
        Case("fm show llama-3", [FM, "show", "llama-3"], term, floor_rich),
        Case(show_json, [FM, "show", "llama-3", "--json"], piped, floor_json, 1.2, expect='"llama-3"'),
        Case("fm compare gpt-4 claude", [FM, "compare", "gpt-4", "claude"], term, floor_rich),
        Case(search, [FM, "search", "attention"], term, floor_rich, expect="attention"),
        Case("fm list models --json", [FM, "list", "models", "--json"], piped, floor_json),
        Case("fm --help", [FM, "--help"], piped, floor_json),
        Case("fm show ll<TAB> (bash completion)", [FM],
             {**piped, "_FM_COMPLETE": "complete_bash", "COMP_WORDS": "fm show ll", "COMP_CWORD": "2"},
             floor_json, expect="llama-3"),
    ]
    tty = {k: v for k, v in piped.items() if k != "COLUMNS"} | {"TERM": "xterm-256color", "FM_PAGER": ""}
    for args in (["list"], ["list", "terms"], ["list", "models"], ["show", "llama-3"], ["define", "rlhf"],
                 ["compare", "gpt-4", "claude"], ["search", "attention"], ["timeline"], ["tree", "llama"]):
        name = "fm " + " ".join(args)
        cases.append(Case(f"{name} (piped)", [FM, *args], piped))
        cases.append(Case(f"{name} (terminal)", [FM, *args], tty, f"{name} (piped)", 1.5, pty=True))
    for n in sizes:
        text = catalog(n)
        for mode in ("warm", "cold"):
            data = tmp / f"data-{n}-{mode}" / "models.yaml"
            data.parent.mkdir()
            data.write_text(text)
            # Cold cases get their own cache folder: their many rebuilds must not prune warm indexes.
            cache = tmp / ("cache" if mode == "warm" else f"cache-cold-{n}")
            touched = data if mode == "cold" else None
            target = 1.1 if mode == "warm" else None
            for floor, argv, env in ((show_json, [FM, "show", "llama-3", "--json"], piped),
                                     (search, [FM, "search", "attention"], term)):
                user_env = {**env, "FM_DATA_PATH": str(data.parent), "FM_CACHE_DIR": str(cache)}
                cases.append(Case(f"+{n:,} {mode}: {floor}", argv, user_env, floor, target, touched))
    return cases


def installed_tree(tmp: Path, name: str, factor: int, prebuilt: bool) -> list[str]:
    """A copy of the source tree with the bundled data grown `factor`-fold (grow.py) and, with
    `prebuilt`, the index the build hook compiles for an editable install; returns the argv
    that runs its `fm` (a script like pip's console script, beside the package it imports)."""
    from grow import grow

    root = Path(__file__).resolve().parents[1]
    tree = tmp / name
    shutil.copytree(root / "src", tree / "src", ignore=shutil.ignore_patterns("data", "__pycache__"))
    for file in ("pyproject.toml", "hatch_build.py", "README.md"):
        shutil.copy(root / file, tree / file)
    grow(factor, tree / "data")
    if prebuilt:
        subprocess.run([PYTHON, "-m", "hatchling", "build", "-t", "wheel:editable", "--hooks-only"], cwd=tree,
                       check=True, capture_output=True)
        if not (tree / "src" / "fmcli" / "data" / "index.sqlite3").is_file():
            sys.exit("the build hook wrote no prebuilt index")
    script = tree / "src" / "fm_script.py"
    script.write_text((Path(FM).read_text().split("\n", 1)[1]))  # pip's script, minus its #! line
    return [PYTHON, str(script)]


def install_cases(tmp: Path, factor: int) -> list[Case]:
    """First run after install against warm, cold rebuild, warm against the floors (issue 17)."""
    piped, term = environments(tmp)
    cases = floors(tmp)
    for n in sorted({1, factor}):
        fm = installed_tree(tmp, f"tree-{n}x", n, prebuilt=True)
        cold = installed_tree(tmp, f"tree-{n}x-unbuilt", n, prebuilt=False)
        size = f"{n}x data"
        warm_env = {"FM_CACHE_DIR": str(tmp / f"cache-{n}x")}
        first_env = {"FM_CACHE_DIR": str(tmp / f"first-{n}x")}
        for args, env, floor in ((["show", "llama-3", "--json"], piped, FLOOR_JSON),
                                 (["define", "foundation-model"], term, FLOOR_RICH)):
            name = "fm " + " ".join(args)
            warm = f"{size}, warm: {name}"
            cases.append(Case(warm, [*fm, *args], {**env, **warm_env}, floor, 1.2, also=[(FLOOR_PY, 7.0)]))
            cases.append(Case(f"{size}, first run after install: {name}", [*fm, *args], {**env, **first_env},
                              warm, 1.3, fresh=True))
        cases.append(Case(f"{size}, cold rebuild: fm show llama-3 --json", [*cold, "show", "llama-3", "--json"],
                          {**piped, "FM_CACHE_DIR": str(tmp / f"cold-{n}x")}, f"{size}, warm: fm show llama-3 --json",
                          fresh=True, limit=1.0 if n == factor and n > 1 else None))
        # A cache build leaves the search tables to the first search: a cold search pays for them.
        cases.append(Case(f"{size}, cold rebuild: fm search attention --json",
                          [*cold, "search", "attention", "--json"],
                          {**piped, "FM_CACHE_DIR": str(tmp / f"cold-search-{n}x")},
                          f"{size}, cold rebuild: fm show llama-3 --json", fresh=True))
    return cases


def typer_cases(tmp: Path, spec: str) -> list[Case]:
    """The floors and fm with this venv's Typer, and the same in a temporary venv holding `spec`
    (fm installed there from this checkout without its dependency pins)."""
    root = Path(__file__).resolve().parents[1]
    other = tmp / "venv-typer"
    venv.EnvBuilder(with_pip=True).create(other)
    python = str(other / "bin" / "python")
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    print(f"installing {spec} and fm into a temporary venv", file=sys.stderr)
    for args in ([spec, "PyYAML", "rapidfuzz"], ["--no-deps", str(root)]):
        done = subprocess.run([*pip, *args], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"pip install {' '.join(args)} failed:\n{done.stderr.strip()}")
    version = subprocess.run([python, "-c", "from importlib.metadata import version; print(version('typer'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    pinned = f" (typer {metadata.version('typer')})"
    label = f" (typer {version})"
    piped, _ = environments(tmp)
    cases = floors(tmp, PYTHON, pinned) + floors(tmp, python, label)
    # show --json takes the console script's quick path (no Typer); list and --help go through Typer.
    for args, env, floor in ((["show", "llama-3", "--json"], piped, FLOOR_JSON),
                             (["list", "models", "--json"], piped, FLOOR_JSON),
                             (["--help"], piped, FLOOR_JSON)):
        name = "fm " + " ".join(args)
        cases.append(Case(name + pinned, [FM, *args], env, floor + pinned))
        cases.append(Case(name + label, [str(other / "bin" / "fm"), *args], env, name + pinned,
                          also=[(floor + label, None)]))
    return cases


def revision() -> tuple[str, str]:
    """(HEAD, fingerprint of src/ and data/ including uncommitted edits): fm must not change mid-run."""
    git = ["git", "-C", str(Path(__file__).resolve().parents[1])]
    try:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, check=True)
        trees = subprocess.run([*git, "rev-parse", "HEAD:src", "HEAD:data"], capture_output=True, check=True)
        diff = subprocess.run([*git, "diff", "HEAD", "--", "src", "data"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown", ""
    label = head.stdout.decode().strip() + (" + uncommitted changes" if diff.stdout else "")
    return label, hashlib.sha1(trees.stdout + diff.stdout).hexdigest()


def versions() -> str:
    import yaml

    found = []
    for dist in ("fmcli", "typer", "click", "rich", "PyYAML", "pydantic"):
        try:
            found.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "pure-Python YAML"
    return f"Python {platform.python_version()}, " + ", ".join(found) + f" ({libyaml})"


def table(cases: list[Case], markdown: bool) -> str:
    """Wall ratios are what the targets judge; CPU ratios (child user+sys) resist a busy machine."""
    by_name = {c.name: c for c in cases}
    head = ["case", "median ms", "cpu ms", "ratio", "cpu ratio", "vs", "target", "max RSS MB"]
    rows = []
    for c in cases:
        for n, (floor_name, target) in enumerate([(c.floor, c.target), *c.also]):
            floor = by_name.get(floor_name or "")
            ratio = c.median / floor.median if floor else None
            cpu_ratio = statistics.median(c.cpu) / statistics.median(floor.cpu) if floor else None
            verdict = "" if target is None or ratio is None else (
                f"<= {target}x " + ("ok" if ratio <= target else "MISSED"))
            if n == 0 and c.limit is not None:
                verdict = f"<= {c.limit:g} s " + ("ok" if c.median <= c.limit else "MISSED")
            label = c.name + (" [!]" if c.problem or c.rebuilds else "") if n == 0 else "  (same)"
            rows.append([label, f"{c.median * 1000:.1f}", f"{statistics.median(c.cpu) * 1000:.1f}",
                         f"{ratio:.2f}x" if ratio else "", f"{cpu_ratio:.2f}x" if cpu_ratio else "",
                         floor_name or "", verdict, f"{c.rss_kb / 1024:.1f}"])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if h.endswith(("ms", "MB", "ratio"))
                                                             else "---" for h in head) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    right = {1, 2, 3, 4, 7}

    def fmt(cells: list[str]) -> str:
        return "  ".join(s.rjust(w) if i in right else s.ljust(w)
                         for i, (s, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="timed runs per case (default 15; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, no +10,000 catalog")
    parser.add_argument("--out", type=Path, help="also write the results as a markdown file")
    parser.add_argument("--install", action="store_true",
                        help="first run after install, cold rebuild and warm runs at today's and grown data")
    parser.add_argument("--factor", type=int, default=4, help="with --install: grow the data this many times (4)")
    parser.add_argument("--typer", metavar="SPEC", nargs="?", const="typer",
                        help="time fm with this venv's Typer against SPEC's (default: the newest) in a temporary venv")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 15)
    if runs < 1 or args.factor < 1:
        parser.error("--runs and --factor must be at least 1")
    sizes = [1000] if args.quick else [1000, 10000]
    if not os.access(FM, os.X_OK):
        sys.exit(f"no fm next to {PYTHON}; run this with the project venv's python")

    start_revision, fingerprint = revision()
    with tempfile.TemporaryDirectory(prefix="fm-bench-") as tmp_name:
        if args.typer:
            cases = typer_cases(Path(tmp_name), args.typer)
        elif args.install:
            cases = install_cases(Path(tmp_name), args.factor)
        else:
            cases = build_cases(Path(tmp_name), sizes)
        print(f"fm bench: {len(cases)} cases x {runs} interleaved runs (+1 untimed each)", file=sys.stderr)
        for case in cases:
            check(case)
        started = time.monotonic()
        spawner = subprocess.Popen([PYTHON, "-I", "-S", "-c", SPAWNER], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE)
        with spawner:
            for round_no in range(runs):
                shift = round_no % len(cases)
                for case in cases[shift:] + cases[:shift]:
                    timed(case, spawner)
                print(f"  round {round_no + 1}/{runs} ({time.monotonic() - started:.0f}s)", file=sys.stderr)

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    header = (f"fm at {start_revision}; {versions()}\n{platform.platform()}, {os.cpu_count()} CPUs, "
              f"load {load}; medians of {runs} interleaved runs; cpu = the child's user+sys time")
    problems = [f"[!] {c.name}: {c.problem}" for c in cases if c.problem]
    now, now_fingerprint = revision()
    if now_fingerprint != fingerprint:
        problems.append(f"[!] fm's src/ or data/ changed during the run (now at {now}): results mix versions")
    problems += [f"[!] {c.name}: the index was rebuilt in {c.rebuilds} of {runs} warm runs (data files or "
                 "fm changed during the benchmark?); its median is not a warm time" for c in cases if c.rebuilds]
    print(header + "\n\n" + table(cases, markdown=False))
    if problems:
        print("\n" + "\n".join(problems))
    if args.out:
        body = [f"{header}\n", table(cases, markdown=True)] + (["", *problems] if problems else [])
        args.out.write_text("\n".join(body) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
