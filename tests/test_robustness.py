"""Robustness of the `fm` command line (issue 5): hostile arguments, odd environments, bugs.

Every test runs the real `fm` in a subprocess (the console script next to sys.executable)
with a private FM_CACHE_DIR, except the internal-bug and property tests, which drive the
Typer app in-process through CliRunner for speed and to inject a failure.

Exit codes (../shared/DESIGN.md): 0 ok, 1 not found, 2 usage, 3 invalid data, 70 internal
error, 130 interrupted. No Python traceback ever reaches a user.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import struct
import subprocess
import sys
import termios
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from fmrun import (
    FM,
    SGR,
    TRACEBACK,
    WORKERS,
    Arg,
    EMPTY_RESULTS,
    Check,
    Run,
    assert_json_error,
    assert_one_line_error,
    base_env,
    cli_runner_env,
    fm,
    no_traceback,
    private_copy,
    run_pty,
    unsafe_chars,
)
from fmrun import run_cases as run_env_cases


def run_cases(env: dict[str, str], cases: Sequence[tuple[str, Sequence[Arg], Check]], *,
              timeout: float = 30, cwd: Path | None = None) -> None:
    """fmrun.run_cases with the same env for every (label, args, check)."""
    run_env_cases([(label, args, env, check) for label, args, check in cases], timeout=timeout, cwd=cwd)


# -- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
def cache(tmp_path, _index_seed) -> Path:
    return private_copy(_index_seed, tmp_path / "cache")


@pytest.fixture
def env(cache) -> dict[str, str]:
    return base_env(cache)


# == arguments ==================================================================================

QUERY_COMMANDS = {
    "define": lambda q: ["define", q],
    "show": lambda q: ["show", q],
    "search": lambda q: ["search", q],
    "compare": lambda q: ["compare", q, "gpt-4"],
    "why": lambda q: ["why", q, "release"],
}


def _cmd(command: str, query, as_json: bool = False) -> list:
    return QUERY_COMMANDS[command](query) + (["--json"] if as_json else [])


@pytest.mark.parametrize("command", sorted(QUERY_COMMANDS))
def test_empty_or_blank_argument_is_a_usage_error(env, command):
    def check(run, as_json):
        if as_json:
            assert "empty" in assert_json_error(run, 2, "usage")["message"]
        else:
            assert "empty" in assert_one_line_error(run, 2)

    run_cases(env, [(f"{query!r} json={as_json}", _cmd(command, query, as_json),
                     lambda run, j=as_json: check(run, j))
                    for query in ("", "   ", "\t\n ") for as_json in (False, True) if query == "" or not as_json])


@pytest.mark.parametrize("command", ["define", "show", "compare", "why"])
def test_20000_character_argument_answers_not_found_briefly(env, command):
    def check_text(run):
        line = assert_one_line_error(run, 1)
        assert len(line) <= 1000, f"the error line is {len(line)} characters long"
        assert run.seconds < 5, run.seconds

    run_cases(env, [("text", _cmd(command, "a" * 20_000), check_text),
                    ("json", _cmd(command, "x" * 20_000, True), lambda run: assert_json_error(run, 1, "not_found"))],
              timeout=10)


def test_20000_character_search_word_answers_briefly(env):
    run = fm(["search", "a" * 20_000], env, timeout=10)
    line = assert_one_line_error(run, 1)
    assert run.seconds < 5, run.seconds
    assert len(line) <= 1000, f"the error line is {len(line)} characters long: {line[:120]}..."


def test_20000_character_multiword_search_answers_fast(env):
    """20,000 characters of short words must not make the full-text search crawl."""
    def check(run):
        assert run.code in (0, 1), run
        no_traceback(run)
        assert run.seconds < 5, run.seconds

    run_cases(env, [("'a-' * 10000", ["search", "a-" * 10_000], check),
                    ("'ab ' * 6667", ["search", "ab " * 6_667], check)], timeout=6)


SCRIPTS = ["😀", "中文模型", "العربية", "👩‍👩‍👧‍👦 family", "हिन्दी e\u0301te\u0301", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 Ωmega ∑ ∞"]


@pytest.mark.parametrize("command", ["define", "search"])
def test_emoji_and_other_scripts(env, command):
    def check(run, query, as_json):
        assert run.code in (0, 1), run
        no_traceback(run)
        assert unsafe_chars(run.out) == [] and unsafe_chars(run.err) == [], run
        if run.code == 0 and as_json:
            json.loads(run.out)
        elif run.code == 1 and as_json:
            empty = EMPTY_RESULTS if command == "search" else ""  # a search still writes its empty results
            assert query in assert_json_error(run, 1, "not_found", out=empty)["message"]
        elif run.code == 1:
            line = assert_one_line_error(run, 1)
            if not any(unicodedata.category(c) in ("Cc", "Cf") for c in query):  # those are shown escaped
                assert query in line, "the message should echo what was tried"

    run_cases(env, [(f"{query!r} json={as_json}", _cmd(command, query, as_json),
                     lambda run, q=query, j=as_json: check(run, q, j))
                    for query in SCRIPTS for as_json in (False, True) if not as_json or query in SCRIPTS[:2]])


def test_fullwidth_letters_normalise_to_an_entry(env):
    run = fm(["show", "Ｌｌａｍａ ３", "--json"], env)
    assert run.code == 0, run
    assert json.loads(run.out)["id"] == "llama-3"


MARKUP = ["[bold]x[/]", "[/]", "[link=https://evil.example]click[/link]", ":warning: a[/b]", "[INST]hi[/INST]",
          "x\\"]


@pytest.mark.parametrize("command", ["define", "search", "compare"])
def test_rich_markup_in_arguments_is_shown_literally(env, command):
    def check(run, query, as_json):
        assert run.code in (0, 1), run
        no_traceback(run)
        assert "\x1b" not in run.out + run.err, run
        assert "⚠" not in run.out + run.err, ":warning: must not become an emoji"
        if as_json and run.code == 1:
            empty = EMPTY_RESULTS if command == "search" else ""  # a search still writes its empty results
            assert query in assert_json_error(run, 1, "not_found", out=empty)["message"]
        elif as_json:
            json.loads(run.out)
        elif run.code == 1:
            assert query in assert_one_line_error(run, 1), "markup must appear verbatim, not be interpreted"
        else:
            assert query in run.out + run.err, run

    run_cases(env, [(f"{query!r} json={as_json}", _cmd(command, query, as_json),
                     lambda run, q=query, j=as_json: check(run, q, j))
                    for query in MARKUP for as_json in (False, True) if not as_json or query in MARKUP[:2]])


CONTROL_ARGS = ["\x1b[2J\x1b[Hgpt", "\x1b]0;pwned-title\x07x", "\x1b]8;;https://evil.example\x1b\\link",
                "\u202egpt-4 \u2066x", "\x9b31mred \x85", "x\x7f\x08\x08y\rz"]


@pytest.mark.parametrize("command", ["define", "search", "compare"])
def test_control_characters_in_arguments_are_inert(env, command):
    def check(run):
        assert run.code in (0, 1), run
        no_traceback(run)
        assert unsafe_chars(run.out) == [], run
        assert unsafe_chars(run.err) == [], run

    run_cases(env, [(f"{query!r} json={as_json}", _cmd(command, query, as_json), check)
                    for query in CONTROL_ARGS for as_json in (False, True) if not as_json or query in CONTROL_ARGS[:2]])


PATHS = ["/etc/passwd", "../../../../../../etc/passwd", "~/.ssh/id_rsa", "C:\\Windows\\System32\\",
         "file:///etc/passwd", "\\\\server\\share", "%s%n%x%d $(touch pwned)", "/dev/zero"]


@pytest.mark.parametrize("command", ["show", "search"])
def test_path_like_arguments_are_queries_not_files(env, tmp_path, command):
    def check(run):
        assert run.code in ((0, 1, 2) if command == "search" else (1, 2)), run
        no_traceback(run)
        assert "root:" not in run.out + run.err
        if run.code:
            assert_one_line_error(run, run.code)

    run_cases(env, [(repr(query), _cmd(command, query), check) for query in PATHS], cwd=tmp_path, timeout=10)
    assert not (tmp_path / "pwned").exists()


def test_compare_with_wrong_count_is_a_usage_error(env):
    def text(run, needs_two=False):
        line = assert_one_line_error(run, 2)
        assert not needs_two or "two" in line

    cases = []
    for args in (["compare", "gpt-4"], ["compare"], ["compare", "", ""]):
        cases.append((" ".join(args), args, lambda run, a=args: text(run, a == ["compare", "gpt-4"])))
        cases.append((" ".join(args) + " --json", args + ["--json"], lambda run: assert_json_error(run, 2, "usage")))
    run_cases(env, cases)


BAD_USAGE = [
    ["--bogus"],
    ["define", "rlhf", "--bogus"],
    ["define", "rlhf", "-z"],
    ["show", "--colour", "gpt-4"],
    ["nosuchcommand"],
    ["define"],
    ["why", "gpt-4"],
    ["why", "gpt-4", "not-a-field"],
    ["compare", "gpt-4"],
    ["list", "models", "--org", "no-such-org"],
    ["list", "--sort", "nope"],
    ["list", "bogus"],
    ["list", "models", "--kind", "nope"],
    ["list", "models", "--since", "yesterday"],
    ["list", "models", "--min-context", "lots"],
    ["list", "models", "--params", "big..huge"],
    ["list", "terms", "--org", "meta"],
    ["search", "x", "--limit", "abc"],
    ["search", "x", "--limit", "0"],
    ["search", "x", "--kind", "nope"],
    ["completion", "tcsh"],
]


def test_unknown_options_and_bad_usage_exit_2(env):
    cases = [(" ".join(args), args, lambda run: assert_one_line_error(run, 2)) for args in BAD_USAGE]
    cases += [(" ".join(args) + " --json", args + ["--json"], lambda run: assert_json_error(run, 2, "usage"))
              for args in BAD_USAGE[::3] if args[0] != "completion"]
    run_cases(env, cases)


HUGE = "9" * 30


def test_huge_numbers_in_options_are_not_internal_errors(env):
    def check(run):
        assert run.code in (0, 1, 2), run
        no_traceback(run)
        assert "internal error" not in run.err, run

    run_cases(env, [(" ".join(args), args, check) for args in (
        ["search", "llama", "--limit", HUGE],
        ["search", "llama", "--limit", "-" + HUGE],
        ["list", "models", "--min-context", HUGE + "T"],
        ["list", "models", "--params", HUGE + "b.."],
        ["list", "models", "--params", ".." + HUGE],
        ["list", "models", "--since", HUGE],
    )])


UNDECODABLE = [b"\xff", b"llama\xed\xa0\x80"]


@pytest.mark.parametrize("command", ["define", "show", "compare", "search"])
def test_undecodable_argument_bytes(env, command):
    """A shell can pass any bytes; they are a query like any other, never an internal error."""
    def check(run, as_json):
        guessed = not as_json and "no exact match" in run.err  # the words around the bad bytes
        assert run.code in ((0, 1) if command == "search" or guessed else (1, 2)), run
        no_traceback(run)
        assert "internal error" not in run.err, run
        if run.code and as_json:
            assert_json_error(run, run.code, out=EMPTY_RESULTS if command == "search" and run.code == 1 else "")
        elif run.code:
            assert_one_line_error(run, run.code)

    cases = []
    for raw in UNDECODABLE:
        for as_json in (False, True):
            args = {"define": [b"define", raw], "show": [b"show", raw], "compare": [b"compare", raw, b"gpt-4"],
                    "search": [b"search", raw]}[command] + ([b"--json"] if as_json else [])
            cases.append((f"{raw!r} json={as_json}", args, lambda run, j=as_json: check(run, j)))
    run_cases(env, cases)


def test_no_arguments_prints_usage_not_a_mangled_error(env):
    run = fm([], env)
    assert run.code in (0, 2), run
    no_traceback(run)
    text = run.out + run.err
    assert "Usage: fm" in text, run
    lines = [line for line in text.split("\n") if line.strip()]
    helpful = len(lines) >= 5 and any(line.lstrip().startswith("define") for line in lines)
    brief = len(lines) == 1 and len(lines[0]) <= 200
    assert helpful or brief, (
        "with no arguments fm must print its help (with its line layout) or one short usage line; "
        f"got {len(lines)} line(s), the longest {max(map(len, lines))} characters: {text[:300]!r}")


def test_help_works(env):
    def check(run):
        assert run.code == 0, run
        assert "Usage:" in run.out
        no_traceback(run)

    run_cases(env, [(" ".join(a), a, check) for a in (["--help"], ["define", "--help"], ["list", "-h"])])


def test_double_dash_ends_options(env):
    run = fm(["define", "--", "--bogus"], env)
    assert_one_line_error(run, 1)


# == environments ===============================================================================

PIPED_COMMANDS = [["list", "terms"], ["list", "all"], ["list", "terms", "--json"], ["list", "all", "--json"],
                  ["show", "llama-3"], ["search", "model", "--limit", "100"]]


@pytest.mark.parametrize("args", PIPED_COMMANDS, ids=[" ".join(a) for a in PIPED_COMMANDS])
def test_pipe_closed_early_by_head(env, tmp_path, args):
    """`fm list terms | head -1`: no BrokenPipeError noise, a successful exit."""
    err_file = tmp_path / "stderr"
    script = 'set -o pipefail; "$@" 2>"$FM_TEST_ERR" | head -n 1 >/dev/null; exit "${PIPESTATUS[0]}"'
    proc = subprocess.run(["bash", "-c", script, "fm"] + FM + args, env={**env, "FM_TEST_ERR": str(err_file)},
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    assert err_file.read_bytes() == b"", err_file.read_text(errors="replace")
    assert proc.returncode in (0, 141), proc


@pytest.mark.parametrize("args", [["list", "all"], ["list", "all", "--json"]], ids=["text", "json"])
def test_pipe_closed_after_first_line(env, args):
    """Deterministic: output larger than a pipe buffer, the reader leaves after one line."""
    proc = subprocess.Popen(FM + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    assert first
    proc.stdout.close()
    err = proc.stderr.read()
    code = proc.wait(timeout=30)
    assert err == b"", err.decode(errors="replace")
    assert code in (0, 141), code


@pytest.mark.parametrize("args", [["define", "rlhf"], ["list", "terms", "--json"], ["define", "nope-x"]])
def test_reader_gone_before_first_write(env, args):
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.Popen(FM + args, env=env, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    err = proc.stderr.read()
    code = proc.wait(timeout=30)
    no_traceback(Run(code, b"", err))
    assert b"BrokenPipe" not in err and b"Exception ignored" not in err, err
    if args[1] != "nope-x":
        assert err == b"", err
        assert code in (0, 141), code


def test_stdout_closed_is_not_reported_as_a_bug(env):
    proc = subprocess.run(FM + ["define", "rlhf"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=30, preexec_fn=lambda: os.close(1))
    run = Run(proc.returncode, b"", proc.stderr)
    no_traceback(run)
    assert run.code != 0, "output was lost: the exit code must say so"
    assert len(run.err.strip().split("\n")) == 1, run
    assert "internal error" not in run.err and "bug" not in run.err, (
        "a closed stdout is the environment's problem, not a bug in fm: " + run.err)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_disk_full_is_not_reported_as_a_bug(env):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(FM + ["list", "all"], env=env, stdin=subprocess.DEVNULL, stdout=full,
                              stderr=subprocess.PIPE, timeout=30)
    run = Run(proc.returncode, b"", proc.stderr)
    no_traceback(run)
    assert run.code != 0, "output was lost: the exit code must say so"
    assert len(run.err.strip().split("\n")) == 1, run
    assert "internal error" not in run.err and "bug" not in run.err, (
        "ENOSPC is the environment's problem, not a bug in fm: " + run.err)


# -- Ctrl-C ---------------------------------------------------------------------------------------

def _slow_data(folder: Path, count: int = 8000) -> Path:
    """A valid user file big enough that loading it (plus the bundled data) takes a while."""
    lines = ["terms:"]
    for i in range(count):
        lines += [f"  - id: slow-term-{i}", f"    name: Slow term {i}", "    aliases: []",
                  "    category: core", "    level: beginner", f"    summary: Summary number {i}.",
                  f"    definition: Definition number {i}, long enough to be parsed.",
                  "    related: [foundation-model]", "    sources:",
                  "      - {title: A source, url: 'https://example.com/'}"]
    path = folder / "slow.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_sigint_while_loading_data_exits_130_quietly(env, tmp_path):
    data = _slow_data(tmp_path)
    proc = subprocess.Popen(FM + ["define", "rlhf", "--data", str(data)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.6)
    assert proc.poll() is None, "fm finished before it could be interrupted; make the data bigger"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    run = Run(proc.returncode, out, err)
    assert run.code == 130, run
    no_traceback(run)
    assert "KeyboardInterrupt" not in run.err, run
    assert len(run.err.strip().split("\n")) <= 1, run


def test_sigint_while_blocked_writing_output_exits_130_quietly(env):
    proc = subprocess.Popen(FM + ["list", "all", "--json"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    fd = proc.stdout.fileno()
    last, stable_since, deadline = -1, time.monotonic(), time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        pending = struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
        if pending != last:
            last, stable_since = pending, time.monotonic()
        elif pending > 0 and time.monotonic() - stable_since > 0.3:
            break  # the pipe is full and fm is blocked in write()
        time.sleep(0.02)
    assert proc.poll() is None, "fm finished before its output filled the pipe"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    run = Run(proc.returncode, b"", err)
    assert run.code == 130, run
    no_traceback(run)
    assert "KeyboardInterrupt" not in run.err, run


@pytest.mark.parametrize("args, trigger, early", [
    (["list", "models"], "typer.", True), (["list", "models"], "fmcli.cli", False),
    (["define", "rlhf"], "fmcli.errors", True), (["define", "rlhf"], "fmcli.api", False)],
    ids=["typer.", "fmcli.cli", "quick-path-errors", "quick-path-api"])
def test_sigint_while_fm_is_still_importing_exits_130_quietly(env, args, trigger, early):
    """Ctrl-C right after start, while fm imports its dependencies (synchronised with -X importtime),
    through Typer and through the quick path of `define` (no Typer).

    Python prints one `import time:` line as each module finishes importing; SIGINT is sent as soon
    as the first line naming `trigger` appears, i.e. while fm's start-up is still under way.
    """
    script = FM if FM[0] != sys.executable else FM[1:]  # the console script, or -m fmcli
    proc = subprocess.Popen([sys.executable, "-X", "importtime", *script, *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = []
    for raw in proc.stderr:
        line = raw.decode(errors="replace")
        seen.append(line)
        if line.startswith("import time:") and trigger in line:
            proc.send_signal(signal.SIGINT)
            break
    else:
        proc.wait(timeout=30)
        pytest.fail(f"no import of {trigger!r} seen; fm exited {proc.returncode}")
    rest = proc.stderr.read().decode(errors="replace")
    proc.stdout.read()
    code = proc.wait(timeout=30)
    err = "".join(line for line in rest.splitlines(True) if not line.startswith("import time:"))
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-800:]
    assert code in ((130,) if early else (0, 130)), (code, err[-300:])


# -- locales and encodings -------------------------------------------------------------------------

LOCALE_COMMANDS = [["show", "llama-3"], ["compare", "gpt-4", "llama-3"], ["search", "diffusion"],
                   ["list", "models", "--org", "meta"], ["show", "llama-3", "--json"]]


def _escaped(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")


@pytest.fixture(scope="module")
def private_seed(_index_seed, tmp_path_factory) -> Path:
    """A module-wide private cache for read-only baselines."""
    return private_copy(_index_seed, tmp_path_factory.mktemp("fm-module-cache"))


@pytest.fixture(scope="module")
def locale_baseline(private_seed) -> dict[str, Run]:
    runs = {" ".join(args): fm(args, base_env(private_seed)) for args in LOCALE_COMMANDS}
    assert all(run.code == 0 for run in runs.values()), runs
    return runs


def test_lc_all_c(env, locale_baseline):
    def check(before):
        def _check(run):
            assert run.code == 0, run
            no_traceback(run)
            assert run.err == ""
            assert run.out in (before.out, _escaped(before.out)), run
        return _check

    run_cases({**env, "LC_ALL": "C", "LANG": "C"},
              [(" ".join(a), a, check(locale_baseline[" ".join(a)])) for a in LOCALE_COMMANDS])


@pytest.mark.parametrize("utf8_mode", ["default", "off"])
def test_lc_all_c_with_non_ascii_query(env, utf8_mode):
    extra = {"LC_ALL": "C", "LANG": "C"}
    if utf8_mode == "off":
        extra["PYTHONUTF8"] = "0"  # the interpreter then decodes argv as ASCII (surrogateescape)

    def check(run):
        assert "internal error" not in assert_one_line_error(run, 1)

    run_cases({**env, **extra}, [(" ".join(a), a, check) for a in (
        ["define", "ünïcode-térm"], ["show", "模型"], ["search", "ünïcödéqzx"])])


def test_pythonioencoding_ascii(env, locale_baseline):
    def check(before, as_json):
        def _check(run):
            assert run.code == 0, run
            no_traceback(run)
            run.raw_out.decode("ascii")  # nothing but ASCII, and no crash on the non-ASCII characters
            if as_json:
                assert json.loads(run.out) == json.loads(before.out)
            else:
                assert run.out == _escaped(before.out)
        return _check

    run_cases({**env, "PYTHONIOENCODING": "ascii"},
              [(" ".join(a), a, check(locale_baseline[" ".join(a)], "--json" in a)) for a in LOCALE_COMMANDS])


def test_pythonioencoding_ascii_rich_and_errors(env):
    colour = fm(["compare", "gpt-4", "llama-3"], {**env, "PYTHONIOENCODING": "ascii", "FORCE_COLOR": "1"})
    assert colour.code == 0, colour
    colour.raw_out.decode("ascii")
    no_traceback(colour)
    missing = fm(["define", "λόγος"], {**env, "PYTHONIOENCODING": "ascii"})
    line = assert_one_line_error(missing, 1)
    missing.raw_err.decode("ascii")
    assert "\\u03bb" in line


# -- terminal width, TERM, colour -----------------------------------------------------------------

WIDTH_COMMANDS = {
    "show": ["show", "llama-3"],
    "define": ["define", "rlhf"],
    "compare": ["compare", "gpt-4", "llama-3", "mistral-7b"],
    "list": ["list", "models", "--org", "meta"],
    "search": ["search", "attention"],
}


@pytest.fixture(scope="module")
def width_fragments(private_seed) -> dict[str, list[str]]:
    """Short data values that must appear whole (never truncated) in the text output."""
    out = {}
    for name, args in WIDTH_COMMANDS.items():
        doc = json.loads(fm(args + ["--json"], base_env(private_seed)).out)
        if name in ("show", "define"):
            out[name] = [doc["id"], doc["name"]] + [s["url"] for s in doc["sources"]]
        elif name == "compare":
            out[name] = [item["name"] for item in doc["items"]]
        else:
            out[name] = [row["id"] for row in doc["results"]]
    return out


@pytest.mark.parametrize("cols", [20, 300])
def test_terminal_widths(env, width_fragments, cols):
    """On a pseudo-terminal of 20 and 300 columns: nothing truncated, nothing wider than the screen."""
    from concurrent.futures import ThreadPoolExecutor

    from rich.cells import cell_len

    tty_env = {**env, "COLUMNS": str(cols), "TERM": "xterm-256color"}
    with ThreadPoolExecutor(WORKERS) as pool:
        runs = dict(zip(WIDTH_COMMANDS, pool.map(lambda args: run_pty(args, tty_env, cols=cols),
                                                 WIDTH_COMMANDS.values())))
    failures = []
    for name, run in runs.items():
        text = SGR.sub("", run.out)
        problems = []
        if run.code != 0 or run.err or TRACEBACK.search(run.out + run.err):
            problems.append(f"exit {run.code}, stderr {run.err[:200]!r}")
        if "…" in text and name not in ("list", "search"):  # only summaries shorten (whole with --wide)
            problems.append("data was truncated with '…'")
        problems += [f"{fragment!r} missing" for fragment in width_fragments[name]
                     if (cols >= 300 or len(fragment) <= cols) and fragment not in text]
        widest = max(cell_len(line) for line in text.split("\n"))
        if cols >= 40 and widest > cols:
            problems.append(f"a line is {widest} cells wide")
        if problems:
            failures.append(f"[{name}] " + "; ".join(problems))
    assert not failures, f"at COLUMNS={cols}:\n" + "\n".join(failures)


def test_odd_columns_values_when_piped(env):
    def check(run):
        assert run.code == 0, run
        no_traceback(run)
        assert "GPT-4" in run.out and len(run.out) < 1_000_000

    cases = [(columns, ["compare", "gpt-4", "llama-3"], check) for columns in ("0", "-1", "abc", "1000000", HUGE)]
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(WORKERS) as pool:
        runs = list(pool.map(lambda c: fm(c[1], {**env, "COLUMNS": c[0], "FORCE_COLOR": "1"}, timeout=20), cases))
    for (columns, _, check_run), run in zip(cases, runs):
        check_run(run)


def test_tty_gets_colour_by_default(env):
    run = run_pty(["show", "llama-3"], {**env, "TERM": "xterm-256color"})
    assert run.code == 0, run
    assert "\x1b[" in run.out, "a terminal should get colour (sanity check for the tests below)"
    assert unsafe_chars(run.out, allow_sgr=True) == []


@pytest.mark.parametrize("extra", [{"TERM": "dumb"}, {"NO_COLOR": "1", "TERM": "xterm-256color"},
                                   {"NO_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "300"}],
                         ids=["term-dumb", "no-color", "no-color-wide"])
@pytest.mark.parametrize("args", [["show", "llama-3"], ["compare", "gpt-4", "llama-3"]], ids=["show", "compare"])
def test_no_escape_bytes_when_colour_is_off_on_a_tty(env, extra, args):
    run = run_pty(args, {**env, **extra}, cols=int(extra.get("COLUMNS", 100)))
    assert run.code == 0, run
    no_traceback(run)
    assert "\x1b" not in run.out, f"escape bytes with {extra}: {run.out[:200]!r}"


def test_no_color_flag_beats_force_color(env):
    run = fm(["show", "llama-3", "--no-color"], {**env, "FORCE_COLOR": "1"})
    assert run.code == 0 and "\x1b" not in run.out, run
    tty = run_pty(["show", "llama-3", "--no-color"], {**env, "TERM": "xterm-256color"})
    assert tty.code == 0 and "\x1b" not in tty.out, tty


@pytest.mark.parametrize("args", [["show", "llama-3"], ["list", "terms"]], ids=["show", "list"])
def test_force_color_when_piped(env, args):
    on = fm(args, {**env, "FORCE_COLOR": "1"})
    assert on.code == 0, on
    assert "\x1b[" in on.out, "FORCE_COLOR=1 asks for colour even when piped"
    assert unsafe_chars(on.out, allow_sgr=True) == [], "only SGR colour sequences may be written"
    off = fm(args, {**env, "FORCE_COLOR": "0"})
    assert off.code == 0 and "\x1b" not in off.out, "FORCE_COLOR=0 means no colour"
    plain = fm(args, env)
    assert "\x1b" not in plain.out


@pytest.mark.parametrize("extra", [{"FORCE_COLOR": "1"}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}])
def test_json_never_carries_colour(env, extra):
    for run in (fm(["show", "llama-3", "--json"], {**env, **extra}),
                run_pty(["show", "llama-3", "--json"], {**env, **extra, "TERM": "xterm-256color"})):
        assert run.code == 0, run
        assert "\x1b" not in run.out
        assert json.loads(run.out)["id"] == "llama-3"
    err = fm(["show", "nope-nope", "--json"], {**env, **extra})
    assert_json_error(err, 1, "not_found")


# -- cache and HOME that cannot be written, corrupted caches ---------------------------------------

SAME_OUTPUT = [["show", "llama3x"], ["search", "attention"], ["list", "models", "--org", "meta", "--json"],
               ["compare", "gpt-4", "llama-3"]]


@pytest.fixture(scope="module")
def baseline(private_seed) -> list[Run]:
    """The answers with a healthy private cache, computed once."""
    runs = [fm(args, base_env(private_seed)) for args in SAME_OUTPUT]
    assert all(run.code == 0 for run in runs), runs
    return runs


def _assert_same(env, baseline: list[Run], *, parallel: bool = True, only: int = len(SAME_OUTPUT)) -> None:
    def check(before):
        def compare(after):
            no_traceback(after)
            assert (after.code, after.out, after.err) == (before.code, before.out, before.err), after
        return compare

    cases = [(" ".join(args), args, check(before)) for args, before in zip(SAME_OUTPUT, baseline)][:only]
    if parallel:
        run_cases(env, cases)
    else:
        for case in cases:
            run_cases(env, [case])


def _root_can_write(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_text("x")
    except OSError:
        return False
    probe.unlink()
    return True


@contextmanager
def _read_only_folder(folder: Path) -> Iterator[Path]:
    """A new folder fm may not write to (skips as root, where chmod does not stop writes)."""
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if _root_can_write(folder):
            pytest.skip("running as root: chmod does not stop writes (covered by the regular-file tests)")
        yield folder
    finally:
        folder.chmod(0o700)


def test_cache_dir_below_a_regular_file(env, tmp_path, baseline):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file")
    _assert_same({**env, "FM_CACHE_DIR": str(blocker / "fm")}, baseline, only=2)
    assert blocker.read_text() == "I am a file"


def test_cache_dir_is_a_regular_file(env, tmp_path, baseline):
    blocker = tmp_path / "cache-file"
    blocker.write_text("I am a file")
    _assert_same({**env, "FM_CACHE_DIR": str(blocker)}, baseline, only=2)
    assert blocker.read_text() == "I am a file"


def test_home_is_a_regular_file(env, tmp_path, baseline):
    home = tmp_path / "home-file"
    home.write_text("")
    _assert_same(base_env(tmp_path / "unused", FM_CACHE_DIR=None, HOME=str(home)), baseline, only=2)


def test_xdg_cache_home_below_a_regular_file(env, tmp_path, baseline):
    blocker = tmp_path / "xdg-file"
    blocker.write_text("")
    _assert_same(base_env(tmp_path / "unused", FM_CACHE_DIR=None, XDG_CACHE_HOME=str(blocker / "x"),
                          HOME=str(tmp_path)), baseline, only=2)


def test_read_only_cache_dir(env, tmp_path, baseline):
    with _read_only_folder(tmp_path / "ro-cache") as cache:
        _assert_same({**env, "FM_CACHE_DIR": str(cache)}, baseline, only=2)
        assert list(cache.iterdir()) == []


def test_read_only_home(env, tmp_path, baseline):
    with _read_only_folder(tmp_path / "ro-home") as home:
        _assert_same(base_env(tmp_path / "unused", FM_CACHE_DIR=None, HOME=str(home)), baseline, only=2)
        assert list(home.iterdir()) == []


def _corrupt_garbage(path: Path) -> None:
    path.write_bytes(b"this is not an SQLite database\n" * 200)


def _corrupt_empty(path: Path) -> None:
    path.write_bytes(b"")


def _corrupt_zeroed_tail(path: Path) -> None:
    """A torn write: the header survives, most pages are zeros."""
    data = bytearray(path.read_bytes())
    cut = len(data) // 3
    data[cut:] = bytes(len(data) - cut)
    path.write_bytes(bytes(data))


def _corrupt_random_pages(path: Path) -> None:
    import random
    rng = random.Random(5)
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data), 4096):
        data[offset:offset + 16] = bytes(rng.randrange(256) for _ in range(16))
    path.write_bytes(bytes(data))


def _corrupt_row(path: Path) -> None:
    """SQLite cannot see this one: a stored document is no longer valid JSON."""
    import sqlite3
    db = sqlite3.connect(path)
    db.execute("UPDATE entries SET doc = '{' WHERE id IN ('llama-3', 'rlhf', 'gpt-4')")
    db.commit()
    db.close()


CORRUPTIONS = {"garbage": _corrupt_garbage, "empty": _corrupt_empty,
               "zeroed-tail": _corrupt_zeroed_tail, "random-pages": _corrupt_random_pages,
               "damaged-rows": _corrupt_row}


@pytest.fixture(scope="module")
def built_env(tmp_path_factory) -> dict[str, str]:
    """With a user's file fm builds its index into the cache (the bundled data alone may be
    answered from the prebuilt index): an environment that does, and the index it built."""
    from conftest import model_yaml
    folder = tmp_path_factory.mktemp("fm-user-data")
    (folder / "extra.yaml").write_text(model_yaml("user-extra-model"), encoding="utf-8")
    env = base_env(tmp_path_factory.mktemp("fm-built-seed"), FM_DATA_PATH=str(folder))
    assert fm(["show", "user-extra-model", "--json"], env).code == 0
    assert list(Path(env["FM_CACHE_DIR"]).glob("index-*.sqlite3"))
    return env


@pytest.fixture(scope="module")
def built_baseline(built_env) -> list[Run]:
    runs = [fm(args, built_env) for args in SAME_OUTPUT]
    assert all(run.code == 0 for run in runs), runs
    return runs


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_corrupted_cache_gives_the_same_answers(built_env, tmp_path, how, built_baseline):
    cache = private_copy(Path(built_env["FM_CACHE_DIR"]), tmp_path / "cache")
    env = {**built_env, "FM_CACHE_DIR": str(cache)}
    indexes = list(cache.glob("index-*.sqlite3"))
    assert indexes
    for index in indexes:
        CORRUPTIONS[how](index)
    _assert_same(env, built_baseline, parallel=False)
    _assert_same(env, built_baseline, only=2)  # and again, with whatever the first runs left behind


MARKER_DAMAGE = {"garbage": b"this is not a marker\n" * 20, "empty": b"", "not-utf8": b"\xff\xfe\x00" * 100,
                 "foreign": b'{"stamp": "someone else", "key": "fm 0.0.0"}', "a-list": b"[1, 2]"}


@pytest.mark.parametrize("how", sorted(MARKER_DAMAGE))
def test_corrupted_prebuilt_marker_gives_the_same_answers(env, cache, how, baseline):
    markers = list(cache.glob("index-*.prebuilt"))
    if not markers:
        if os.environ.get("CI"):  # CI installs fm as the README says: the build hook must have run
            pytest.fail("this installation has no prebuilt index (hatch_build.py did not compile one)")
        pytest.skip("this installation has no prebuilt index (hatch_build.py did not run)")
    for marker in markers:
        marker.write_bytes(MARKER_DAMAGE[how])
    _assert_same(env, baseline, parallel=False)


# == an unexpected bug ==========================================================================

def _boom(*args, **kwargs):
    raise RuntimeError("kaboom: secret-token-1234 leaked into the message")


@pytest.mark.parametrize("args", [["define", "rlhf"], ["show", "llama-3"], ["search", "attention"],
                                  ["list", "models"], ["compare", "gpt-4", "llama-3"]],
                         ids=["define", "show", "search", "list", "compare"])
def test_internal_error_is_one_line_exit_70(monkeypatch, cache, args):
    from typer.testing import CliRunner

    import fmcli.api
    from fmcli.cli import app

    monkeypatch.setattr(fmcli.api.Reference, "open", classmethod(_boom))
    result = CliRunner().invoke(app, args, env=cli_runner_env(cache, FM_SECRET="hunter2"))
    assert result.exit_code == 70, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fm: error: ") and "report" in lines[0] and "FM_DEBUG" in lines[0]
    assert "Traceback" not in result.stderr and "secret-token" not in result.stderr
    assert "hunter2" not in result.output

    as_json = CliRunner().invoke(app, args + ["--json"], env=cli_runner_env(cache))
    assert as_json.exit_code == 70 and as_json.stdout == ""
    assert json.loads(as_json.stderr)["error"]["code"] == "internal"


def test_internal_error_traceback_only_with_fm_debug(monkeypatch, cache):
    from typer.testing import CliRunner

    import fmcli.api
    from fmcli.cli import app

    monkeypatch.setattr(fmcli.api.Reference, "open", classmethod(_boom))
    result = CliRunner().invoke(app, ["define", "rlhf"], env=cli_runner_env(cache, FM_DEBUG="1", FM_SECRET="hunter2"))
    assert result.exit_code == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError" in result.stderr
    assert "hunter2" not in result.output, "no locals, no environment in the traceback"
    assert result.stderr.rstrip().split("\n")[-1].startswith("fm: error: internal error")


def test_internal_error_in_a_real_process(cache):
    """The same through the real entry point (sys.argv, sys.exit), without and with FM_DEBUG."""
    code = ("import sys, fmcli.api\n"
            "def boom(*a, **k): raise RuntimeError('kaboom')\n"
            "fmcli.api.Reference.open = classmethod(boom)\n"
            "from fmcli.cli import main\n"
            "sys.argv = ['fm'] + sys.argv[1:]\n"
            "main()\n")
    env = base_env(cache, FM_SECRET="hunter2")
    proc = subprocess.run([sys.executable, "-c", code, "show", "llama-3"], env=env, capture_output=True, timeout=30)
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    line = assert_one_line_error(run, 70)
    assert "bug" in line and "kaboom" not in line
    proc = subprocess.run([sys.executable, "-c", code, "show", "llama-3"], env={**env, "FM_DEBUG": "1"},
                          capture_output=True, timeout=30)
    assert proc.returncode == 70
    assert b"Traceback (most recent call last)" in proc.stderr and b"kaboom" in proc.stderr
    assert b"hunter2" not in proc.stderr


def test_keyboard_interrupt_inside_fm_exits_130(monkeypatch, cache):
    from typer.testing import CliRunner

    import fmcli.api
    from fmcli.cli import app

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fmcli.api.Reference, "open", classmethod(interrupted))
    result = CliRunner().invoke(app, ["define", "rlhf"], env=cli_runner_env(cache))
    assert result.exit_code == 130
    assert "Traceback" not in result.output


# == property-based: arbitrary queries never crash ================================================

from hypothesis import HealthCheck, Phase, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, database=None,
                              phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded time on failure
                              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def runner_env(_index_seed, tmp_path_factory) -> dict:
    return cli_runner_env(private_copy(_index_seed, tmp_path_factory.mktemp("fm-property-cache")))


def _check_invocation(result, args: list[str], allowed=(0, 1, 2)) -> None:
    # As fm reads it: --json is an option only before a "--" (a generated query may be "--").
    as_json = "--json" in (args[:args.index("--")] if "--" in args else args)
    assert result.exit_code in allowed, (result.exit_code, result.output[-500:], repr(result.exception))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert unsafe_chars(result.stderr) == [], result.stderr
    if result.exit_code == 0:
        if as_json:
            json.loads(result.stdout)
        else:
            assert unsafe_chars(result.stdout) == [], result.stdout[:300]
    elif as_json:
        # nothing found by search/list/timeline: the empty results still go to stdout (exit 1)
        empty = result.exit_code == 1 and args[0] in ("search", "list", "timeline")
        assert result.stdout == (EMPTY_RESULTS if empty else "")
        error = json.loads(result.stderr)["error"]
        assert {"code", "message", "suggestions"} <= set(error)
    else:
        lines = result.stderr.rstrip("\n").split("\n")
        assert len(lines) == 1 and lines[0].startswith("fm: error: "), result.stderr


# Arguments as a shell passes them: any text, plus undecodable bytes (surrogateescape, U+DC80-U+DCFF).
_ARGUMENT = st.one_of(st.text(max_size=60),
                      st.lists(st.characters() | st.sampled_from([chr(c) for c in range(0xDC80, 0xDD00)]),
                               max_size=20).map("".join))  # (st.text() never yields surrogates)


@_PROPERTY_SETTINGS
@given(command=st.sampled_from(["define", "show", "search"]), query=_ARGUMENT, as_json=st.booleans())
@example(command="define", query="\udfcb\udca8", as_json=True)  # a lone surrogate no shell makes: it crashed
@example(command="show", query="\udcc3\udca9", as_json=False)  # "é" as escaped bytes
def test_property_arbitrary_query_strings(runner_env, command, query, as_json):
    from typer.testing import CliRunner

    from fmcli.cli import app

    args = [command, query] + (["--json"] if as_json else [])
    _check_invocation(CliRunner().invoke(app, args, env=runner_env), args)


@_PROPERTY_SETTINGS
@given(first=_ARGUMENT, second=_ARGUMENT, as_json=st.booleans())
def test_property_arbitrary_compare_arguments(runner_env, first, second, as_json):
    from typer.testing import CliRunner

    from fmcli.cli import app

    args = ["compare", first, second] + (["--json"] if as_json else [])
    _check_invocation(CliRunner().invoke(app, args, env=runner_env), args)


_OPTION_VALUE = st.one_of(st.text(max_size=20), st.integers(-(2 ** 80), 2 ** 80).map(str),
                          st.from_regex(r"\A[0-9]{1,30}(\.[0-9]{1,3})?[kKmMbBtT]?\Z"),
                          st.from_regex(r"\A[0-9]{0,25}[bB]?\.\.[0-9]{0,25}[bB]?\Z"))


@_PROPERTY_SETTINGS
@given(option=st.sampled_from(["--since", "--until", "--min-context", "--params", "--sort", "--org", "--license",
                               "--modality", "--kind", "--limit"]),
       value=_OPTION_VALUE, as_json=st.booleans())
@example(option="--limit", value=str(2**70), as_json=False)  # overflowed SQLite's LIMIT: an internal error
def test_property_arbitrary_list_filters(runner_env, option, value, as_json):
    from typer.testing import CliRunner

    from fmcli.cli import app

    args = ["list", "models", option, value] + (["--json"] if as_json else [])
    _check_invocation(CliRunner().invoke(app, args, env=runner_env), args)


@_PROPERTY_SETTINGS
@given(query=st.text(min_size=1, max_size=30), limit=st.integers(-(2 ** 70), 2 ** 70), as_json=st.booleans())
@example(query="--", limit=5, as_json=True)  # then "--json" is a second query word, not the option
def test_property_arbitrary_search_limits(runner_env, query, limit, as_json):
    from typer.testing import CliRunner

    from fmcli.cli import app

    args = ["search", query, "--limit", str(limit)] + (["--json"] if as_json else [])
    _check_invocation(CliRunner().invoke(app, args, env=runner_env), args)
