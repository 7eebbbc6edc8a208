"""The console script's quick path: `fm show`, `fm define`, `fm compare` and `fm search` with plain
words answered without Typer. It must answer exactly as the Typer commands do, and leave everything else to them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fmrun import Run, assert_one_line_error, base_env, fm, private_copy

from fmcli.entry import quick_call

# The Typer path, run as the console script runs but without the quick path.
_TYPER = "import sys; sys.argv[0] = 'fm'; from fmcli.cli import main; main()"


@pytest.fixture
def env(tmp_path, _index_seed) -> dict[str, str]:
    return base_env(private_copy(_index_seed, tmp_path / "cache"))


def typer_path(args: list, env: dict[str, str]) -> Run:
    argv = [sys.executable, "-c", _TYPER, *args]
    if any(isinstance(a, bytes) for a in args):
        argv = [a if isinstance(a, bytes) else a.encode() for a in argv]
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("argv, expected", [
    (["show", "llama-3"], ("show", ["llama-3"], {"json_out": False, "no_color": False, "no_pager": False})),
    (["show", "--json", "llama", "3", "--no-pager"],
     ("show", ["llama", "3"], {"json_out": True, "no_color": False, "no_pager": True})),
    (["define", "mixture", "of", "experts", "--no-color"],
     ("define", ["mixture", "of", "experts"], {"json_out": False, "no_color": True, "no_pager": False})),
    (["define", ""], ("define", [""], {"json_out": False, "no_color": False, "no_pager": False})),
    (["compare", "gpt-4", "claude", "--json"],
     ("compare", ["gpt-4", "claude"], {"json_out": True, "no_color": False, "no_pager": False})),
    (["search", "-w", "image", "generation"],
     ("search", ["image", "generation"], {"json_out": False, "no_color": False, "no_pager": False, "wide": True})),
])
def test_plain_lookups_take_the_quick_path(argv, expected):
    assert quick_call(argv) == expected


@pytest.mark.parametrize("argv", [
    [], ["show"], ["show", "--json"], ["search", "attention", "--limit", "5"], ["list", "models"], ["help", "show"],
    ["search", "--kind=model", "llama"], ["show", "llama-3", "--wide"], ["search", "-wj", "llama"],
    ["compare", "gpt-4", "claude", "--wide"], ["show", "--help"], ["show", "-h"], ["define", "rlhf", "--data", "x.yaml"],
    ["define", "rlhf", "--data=x.yaml"],
    ["show", "--", "-llama"], ["show", "-1"], ["show", "-"], ["show", "llama-3", "--jsn"], ["--version"],
    ["SHOW", "llama-3"], ["show", "llama-3", "--JSON"],
])
def test_everything_else_is_left_to_typer(argv):
    assert quick_call(argv) is None


def test_a_shell_asking_for_completions_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_FM_COMPLETE", "bash_complete")
    assert quick_call(["show", "llama-3"]) is None


SAME_ANSWER = [
    ["show", "llama-3", "--json"],
    ["define", "rlhf"],
    ["define", "mixture", "of", "experts", "--json"],
    ["show", "--no-color", "anthropic"],
    ["show", "lama", "3"],  # a guess, with its notice on stderr
    ["show", "lama-3", "--json"],  # no guess under --json: not found, a JSON error
    ["define", "gpt-4"],  # not a term: the model card, with a notice
    ["define", "no-such-term-at-all"],
    ["show", "   "],
    ["show", b"llama\xff"],  # an argument that is not UTF-8
    ["show", "[bold]llama[/bold]\x1b[31m"],
    ["compare", "gpt-4", "claude"],
    ["compare", "--json", "llama-3-8b", "lama-3-70b"],  # no guess under --json
    ["compare", "llama-3-8b", "lama-3-70b"],  # a guess, with its notice
    ["compare", "gpt-4"],  # too few
    ["compare", "rlhf", "dpo", "--no-color"],
    ["search", "attention"],
    ["search", "image", "generation", "--json"],
    ["search", "--wide", "open", "weights", "70b"],
    ["search", "zzqqxxj"],  # nothing: exit 1
    ["search", "zzqqxxj", "--json"],
    ["search", "!!!"],
]


@pytest.mark.parametrize("args", SAME_ANSWER, ids=lambda a: " ".join(map(repr, a)))
def test_the_quick_path_answers_as_the_typer_commands_do(args, env):
    for extra in ({}, {"FORCE_COLOR": "1", "COLUMNS": "90"}):
        quick, typer = fm(args, {**env, **extra}), typer_path(args, {**env, **extra})
        assert (quick.code, quick.out, quick.err) == (typer.code, typer.out, typer.err)
        assert quick.code != 70, quick


def test_the_quick_path_reports_a_bug_in_one_line(env):
    code = ("import sys, fmcli.api\n"
            "def boom(*a, **k): raise RuntimeError('kaboom')\n"
            "fmcli.api.Reference.open = classmethod(boom)\n"
            "from fmcli.entry import main\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code, "show", "llama-3"], env=env, capture_output=True, timeout=30)
    line = assert_one_line_error(Run(proc.returncode, proc.stdout, proc.stderr), 70)
    assert "bug" in line and "kaboom" not in line
    proc = subprocess.run([sys.executable, "-c", code, "define", "rlhf", "--json"], env={**env, "FM_DEBUG": "1"},
                          capture_output=True, timeout=30)
    assert proc.returncode == 70 and b"Traceback (most recent call last)" in proc.stderr
    assert b'"code": "internal"' in proc.stderr.splitlines()[-1]
