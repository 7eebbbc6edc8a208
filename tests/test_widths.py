"""Every command on a real terminal (a pty) at 40 to 200 columns: no column dropped, no id cut,
no word split; long output through the pager; the terminal about as fast as a pipe."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fmrun import (SGR, TRACEBACK, WORKERS, Run, base_env, build_index, fm, private_copy, run_pty,
                   split_words)

WIDTHS = (40, 60, 80, 100, 120, 200)
COMMANDS = {
    "define": ["define", "rlhf"],
    "show model": ["show", "llama-3"],
    "show family": ["show", "gemini"],
    "show organization": ["show", "meta"],
    "compare": ["compare", "gpt-4", "claude", "llama-3-70b"],
    "compare terms": ["compare", "foundation-model", "large-language-model"],
    "search": ["search", "attention"],
    "list": ["list"],
    "list models": ["list", "models"],
    "list terms": ["list", "terms"],
    "list orgs": ["list", "orgs"],
    "timeline": ["timeline"],
    "tree": ["tree", "llama"],
    "why": ["why", "llama-3-70b", "context_window"],
    "data": ["data"],
    "validate": ["validate"],
    "help": ["--help"],
    "list help": ["list", "--help"],
}
# Words the terminal layout adds that the piped records spell otherwise.
LAYOUT_WORDS = ["Sources", "field"]


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    return build_index(tmp_path_factory.mktemp("fm-widths"))


@pytest.fixture(scope="module")
def cache(seed) -> Path:
    return private_copy(seed, seed.parent / "cache")


@pytest.fixture(scope="module")
def piped(cache) -> dict[str, Run]:
    env = base_env(cache, COLUMNS="100")
    with ThreadPoolExecutor(WORKERS) as pool:
        return dict(zip(COMMANDS, pool.map(lambda args: fm(args, env), COMMANDS.values())))


@pytest.fixture(scope="module")
def screens(cache) -> dict[tuple[str, int], Run]:
    env = base_env(cache, TERM="xterm-256color")
    cases = [(name, cols) for cols in WIDTHS for name in COMMANDS]
    with ThreadPoolExecutor(WORKERS) as pool:
        runs = pool.map(lambda c: run_pty(COMMANDS[c[0]], env, cols=c[1], rows=50, timeout=60), cases)
        return dict(zip(cases, runs))


def headers_and_ids(plain: str) -> tuple[set[str], set[str]]:
    """Column headers of every table in the piped output, and every id it names."""
    lines = plain.splitlines()
    headers: set[str] = set()
    ids = set(re.findall(r"^id: (\S+)$", plain, re.MULTILINE))
    for before, line, index in zip(lines, lines[1:], range(1, len(lines))):
        if before.endswith(":") and "\t" in line:
            columns = line.split("\t")
            headers.update(c for c in columns if c != "field")
            if columns[0] == "id":
                for row in lines[index + 1:]:
                    if "\t" not in row:
                        break
                    ids.add(row.split("\t")[0])
    return headers, ids


@pytest.mark.parametrize("cols", WIDTHS)
def test_every_command_keeps_every_column_id_and_word(piped, screens, cols):
    failures = []
    for name in COMMANDS:
        plain, run = piped[name], screens[(name, cols)]
        screen = SGR.sub("", run.out)
        problems = []
        if run.code != 0 or plain.code != 0 or TRACEBACK.search(run.out + run.err):
            problems.append(f"exit {run.code}/{plain.code}: {run.err[:200]!r}")
        headers, ids = headers_and_ids(plain.out)
        problems += [f"header {h!r} missing" for h in sorted(headers)
                     if not re.search(rf"(?<!\S){re.escape(h)}:?(?!\S)", screen)]
        problems += [f"id {i!r} not whole" for i in sorted(ids)
                     if not re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", screen)]
        split = split_words(screen, plain.out, LAYOUT_WORDS)
        if split:
            problems.append(f"split words {split[:8]}")
        for line in screen.splitlines():  # wider only for a word wider than its room (a URL, a deep id)
            indent = len(line) - len(line.lstrip(" │├└─"))
            if len(line) > cols and max(map(len, line.split())) <= cols - indent - 4:
                problems.append(f"line of {len(line)} columns: {line[:60]!r}")
                break
        if problems:
            failures.append(f"[{name}] " + "; ".join(problems))
    assert not failures, f"at {cols} columns:\n" + "\n".join(failures)


def test_compare_is_one_block_per_field_when_narrow(screens):
    for cols in (40, 60):
        screen = SGR.sub("", screens[("compare", cols)].out)
        assert re.search(r"^organization\n  GPT-4: OpenAI\n  Claude: Anthropic\n", screen, re.MULTILINE), screen
    wide = SGR.sub("", screens[("compare", 120)].out)
    assert re.search(r"^ organization +OpenAI +Anthropic +Meta", wide, re.MULTILINE), wide


def test_list_shows_every_column_as_a_table_from_100_columns(screens):
    for cols in (100, 120, 200):
        header = SGR.sub("", screens[("list models", cols)].out).splitlines()[2].split()  # 100: two spaces apart, no indent
        assert header == ["id", "name", "kind", "release", "parameters", "context", "open"]


def test_tree_keeps_its_drawing_at_40_columns(screens, piped):
    screen = SGR.sub("", screens[("tree", 40)].out).splitlines()
    assert screen[0] == piped["tree"].out.splitlines()[0] or screen[0].startswith("Llama [llama]")
    assert all(line[:1] in "L├│└ " for line in screen), screen
    assert sum(line.startswith(("├── ", "└── ")) for line in screen) == sum(
        line.startswith(("├── ", "└── ")) for line in piped["tree"].out.splitlines())


def test_timeline_is_one_table(screens):
    screen = SGR.sub("", screens[("timeline", 120)].out)
    assert len(re.findall(r"^ release +id +name", screen, re.MULTILINE)) == 1


# -- pager ----------------------------------------------------------------------------------------
PAGER = "sed s/^/paged:/"


def test_long_output_on_a_terminal_goes_through_the_pager(seed, tmp_path):
    env = base_env(private_copy(seed, tmp_path / "cache"), TERM="dumb")
    long = run_pty(["list", "terms"], {**env, "FM_PAGER": PAGER}, rows=20)
    assert long.code == 0 and long.out.count("paged:") > 270, long
    short = run_pty(["why", "gpt-4", "parameters"], {**env, "FM_PAGER": PAGER}, rows=20)
    assert short.code == 0 and "paged:" not in short.out and "GPT-4" in short.out
    by_pager_variable = run_pty(["list", "terms"], {**env, "FM_PAGER": None, "PAGER": PAGER}, rows=20)
    assert "paged:ablation-study" in by_pager_variable.out.replace(" ", "")


@pytest.mark.parametrize("how", ["--no-pager", "FM_PAGER=cat", "FM_PAGER=", "piped"])
def test_no_pager_when_asked_or_piped(seed, tmp_path, how):
    env = {**base_env(private_copy(seed, tmp_path / "cache"), TERM="dumb"), "FM_PAGER": PAGER}
    args = ["list", "terms"]
    if how == "--no-pager":
        args.append(how)
    elif how.startswith("FM_PAGER"):
        env["FM_PAGER"] = how.partition("=")[2]
    run = fm(args, env) if how == "piped" else run_pty(args, env, rows=20)
    assert run.code == 0 and "paged:" not in run.out and "ablation-study" in run.out, run


@pytest.mark.parametrize("pager", ["/nonexistent/pager", "no-such-pager-anywhere --flag", "no-such-pager-anywhere 2>/dev/null"])
def test_a_pager_that_cannot_start_loses_nothing(seed, tmp_path, pager):
    env = base_env(private_copy(seed, tmp_path / "cache"), TERM="dumb", FM_PAGER=pager)
    run = run_pty(["list", "terms"], env, rows=20)
    assert run.code == 0, run
    assert "ablation-study" in run.out and "zero-shot" in run.out.replace("\n", " "), run
    assert not TRACEBACK.search(run.out + run.err)


# -- speed ----------------------------------------------------------------------------------------
def test_a_terminal_is_about_as_fast_as_a_pipe(seed, tmp_path):
    """Not a benchmark (bench/ measures): a generous bound that the old 7-10x would break."""
    env = base_env(private_copy(seed, tmp_path / "cache"), TERM="dumb")
    pipe = min(fm(["list"], env).seconds for _ in range(3))
    tty = min(run_pty(["list", "--no-pager"], env).seconds for _ in range(3))
    assert tty < 3 * pipe + 0.2, (tty, pipe)


def test_wide_shows_summaries_whole(cache):
    env = base_env(cache, TERM="dumb")
    short = run_pty(["list", "terms"], env, cols=100)
    wide = run_pty(["list", "terms", "--wide"], env, cols=100)
    assert "…" in short.out and "…" not in wide.out
    piped = fm(["list", "terms"], env).out.splitlines()[2:]
    flowing = " ".join(wide.out.split())
    for row in piped[:40]:
        assert " ".join(row.split("\t")[3].split()) in flowing, row
