"""The installed `fm`, run as a user would: a subprocess, pipes, a real terminal."""

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import FM, run_fm
from fmrun import run_pty


@pytest.mark.parametrize("args", [
    ["define", "foundation-model"], ["define", "rlhf"], ["define", "mixture of experts"],
    ["show", "llama-3"], ["show", "anthropic"], ["show", "claude"], ["compare", "gpt-4", "claude"],
    ["compare", "foundation-model", "large-language-model"], ["search", "attention"],
    ["list", "terms", "--category", "safety-alignment"], ["list", "models", "--open", "--sort", "release"],
    ["why", "llama-3-70b", "context_window"], ["validate"],
])
def test_commands_in_both_output_modes(args):
    plain = run_fm(*args)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip() and "\x1b" not in plain.stdout and plain.stderr == ""
    as_json = run_fm(*args, "--json")
    assert as_json.returncode == 0 and as_json.stderr == ""
    json.loads(as_json.stdout)  # exactly one JSON document


def test_json_pipes_into_json_tool():
    fm = subprocess.Popen([FM, "show", "llama-3", "--json"], stdout=subprocess.PIPE)
    tool = subprocess.run([sys.executable, "-m", "json.tool"], stdin=fm.stdout, capture_output=True, text=True)
    fm.wait()
    assert fm.returncode == 0 and tool.returncode == 0 and '"id": "llama-3"' in tool.stdout


def test_exit_codes():
    assert run_fm("show", "no-such-thing-at-all").returncode == 1
    assert run_fm("compare", "gpt-4").returncode == 2
    assert run_fm("--no-such-option").returncode == 2
    assert run_fm("show", "x", env={"FM_DATA_PATH": "/nonexistent/fm-data"}).returncode == 3


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "fmcli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("fm ")


def test_completion_request_for_show():
    env = {"_FM_COMPLETE": "complete_bash", "COMP_WORDS": "fm show llama-3", "COMP_CWORD": "2"}
    result = run_fm(env=env)
    assert result.returncode == 0
    assert "llama-3-8b" in result.stdout.split()


def run_in_terminal(args: list[str], columns: int, env: dict | None = None) -> str:
    """Run fm attached to a pseudo-terminal of `columns` width; return what it drew (stdout, then stderr)."""
    screen_env = {**os.environ, "COLUMNS": str(columns), "LINES": "50", **(env or {})}
    run = run_pty(args, screen_env, cols=columns, rows=50, timeout=30)
    return run.out + run.err


@pytest.mark.parametrize("columns", [20, 80, 300])
def test_terminal_widths(columns):
    screen = run_in_terminal(["show", "llama-3-70b"], columns, {"NO_COLOR": "1"})
    assert "Llama 3 70B" in screen and "70B" in screen
    assert "\x1b" not in screen  # NO_COLOR: no escape bytes at all
    if columns >= 40:  # a line is wider only where one word (a source's URL) is wider than the screen
        too_wide = [line for line in screen.splitlines() if len(line.rstrip("\r")) > columns]
        assert all(len(line.split()) == 1 for line in too_wide), too_wide


def test_terminal_gets_colour_unless_told_not_to():
    assert "\x1b[" in run_in_terminal(["show", "llama-3"], 100)
    assert "\x1b" not in run_in_terminal(["show", "llama-3", "--no-color"], 100)
    assert "\x1b" not in run_in_terminal(["show", "llama-3"], 100, {"TERM": "dumb"})


def test_list_piped_into_head_is_quiet():
    result = subprocess.run(f"'{FM}' list terms | head -1", shell=True, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "" and result.stdout.count("\n") == 1


def test_plain_output_is_grep_friendly():
    listed = run_fm("list", "models", "--org", "meta").stdout.splitlines()
    header = listed[1].split("\t")
    assert header[:3] == ["id", "name", "kind"]
    assert any(re.match(r"^llama-3-8b\tLlama 3 8B\tvariant\t", line) for line in listed)
