"""Issue 5's hard cases: hostile arguments and data, odd environments, interrupts, properties."""

import json
import os
import signal
import subprocess
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FM, model_yaml, run_fm

ESCAPES = "\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\u202egnp.exe\x00\x7f\x9b31m"
MARKUP = "[bold]loud[/] [/] [link=http://evil.example]x[/link] :warning: arr[i]"
HOSTILE = f"{MARKUP} {ESCAPES} end"


@pytest.mark.parametrize("query", ["", "   ", "x" * 20000, "🦙🦙 ламa 模型 مدل", "[bold]x[/]", "[/]",
                                   "../../etc/passwd", "-", "C:\\Windows\\system32", "\x1b[2J"])
def test_odd_arguments_give_a_clean_error(query):
    for args in (["show", query], ["define", query], ["search", query]):
        result = run_fm(*args)
        assert result.returncode in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stderr and "\x1b" not in result.stdout + result.stderr
        if result.returncode:
            assert result.stderr.startswith("fm: error: ") and result.stderr.count("\n") == 1
            assert len(result.stderr) < 400
        as_json = run_fm(*args, "--json")
        assert as_json.returncode in (0, 1, 2)
        if as_json.returncode:
            # a search that finds nothing still writes its empty results (exit 1, like grep)
            empty = '{\n  "results": []\n}\n' if args[0] == "search" and as_json.returncode == 1 else ""
            assert as_json.stdout == empty and json.loads(as_json.stderr)["error"]["code"] in ("not_found", "usage")


def test_markup_in_a_query_is_echoed_literally():
    result = run_fm("show", "[bold]x[/]")
    assert "'[bold]x[/]'" in result.stderr


def hostile_file(tmp_path):
    text = model_yaml("evil-model").replace("name: Evil Model", "name: " + json.dumps("Evil " + ESCAPES + " [b]x[/]"))
    text = text.replace("summary: A test model.", "summary: " + json.dumps(HOSTILE))
    text = text.replace("license: Apache 2.0", "license: " + json.dumps("MIT " + ESCAPES))
    text += "terms:\n  - " + yaml.safe_dump({
        "id": "evil-term", "name": "Evil term", "aliases": [], "category": "core", "level": "beginner",
        "summary": "S " + MARKUP, "definition": HOSTILE, "related": ["rlhf"],
        "sources": [{"title": HOSTILE, "url": "https://example.org"}]}, width=10**6).replace("\n", "\n    ")
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("force_color", ["", "1"])
def test_hostile_data_is_shown_inert(tmp_path, force_color):
    env = {"FM_DATA_PATH": str(hostile_file(tmp_path)), "FORCE_COLOR": force_color}
    for args in (["show", "evil-model"], ["define", "evil-term"], ["list", "models", "--org", "meta"],
                 ["search", "loud"], ["compare", "evil-model", "llama-3"], ["why", "evil-model", "license"],
                 ["tree", "evil-model"], ["list", "models", "--format", "markdown"]):
        result = run_fm(*args, env=env)
        assert result.returncode == 0, (args, result.stderr)
        out = result.stdout
        for raw in ("\x1b]", "\x1b[2J", "\x1b[H", "\u202e", "\x00", "\x07", "\x9b", "\x7f"):
            assert raw not in out, (args, raw)
        assert "[bold]loud[/]" in out.replace("\n", " ") or args[0] in ("compare", "why", "tree", "list"), args


def test_hostile_data_round_trips_exactly_in_json(tmp_path):
    env = {"FM_DATA_PATH": str(hostile_file(tmp_path))}
    doc = json.loads(run_fm("show", "evil-model", "--json", env=env).stdout)
    assert doc["summary"] == HOSTILE and doc["name"] == "Evil " + ESCAPES + " [b]x[/]"
    term = json.loads(run_fm("define", "evil-term", "--json", env=env).stdout)
    assert term["definition"] == HOSTILE and term["sources"][0]["title"] == HOSTILE


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"},
                                 {"PYTHONIOENCODING": "latin-1"}])
def test_non_utf8_environments_do_not_crash(env):
    for args in (["show", "llama-3"], ["compare", "gpt-4", "claude"], ["define", "foundation-model"],
                 ["show", "no-such-模型"]):
        result = subprocess.run([FM, *args], capture_output=True, env={**os.environ, **env})
        assert result.returncode in (0, 1) and b"Traceback" not in result.stderr, result.stderr


def test_interrupt_exits_130_quietly(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(model_yaml(*[f"slow-{n}" for n in range(6000)]), encoding="utf-8")
    proc = subprocess.Popen([FM, "show", "llama-3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "FM_DATA_PATH": str(big)})
    time.sleep(1.0)  # parsing 6,000 entries takes longer than this
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, err)
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


def test_corrupt_cache_in_every_command_changes_nothing(tmp_path):
    cache = tmp_path / "c"
    env = {"FM_CACHE_DIR": str(cache)}
    before = run_fm("show", "llama-3", "--json", env=env).stdout
    assert list(cache.glob("index-*"))  # an index fm built, or the marker of the prebuilt one it checked
    for index in cache.glob("index-*"):
        index.write_bytes(os.urandom(4096))
    assert run_fm("show", "llama-3", "--json", env=env).stdout == before


def test_unwritable_home_still_answers(tmp_path):
    home = tmp_path / "home-is-a-file"
    home.write_text("x")
    env = {"HOME": str(home), "XDG_CACHE_HOME": "", "FM_CACHE_DIR": ""}
    env = {k: v for k, v in env.items()}
    result = subprocess.run([FM, "show", "llama-3", "--json"], capture_output=True, text=True,
                            env={**{k: v for k, v in os.environ.items() if k not in ("FM_CACHE_DIR", "XDG_CACHE_HOME")},
                                 "HOME": str(home)})
    assert result.returncode == 0 and json.loads(result.stdout)["id"] == "llama-3"


# -- properties ---------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=80))
def test_any_query_exits_with_a_documented_code(cli, query):
    for command in ("define", "show", "search"):
        result = cli(command, "--", query) if query.startswith("-") else cli(command, query)
        assert result.exit_code in (0, 1, 2), (command, query, result.stderr)
        assert "Traceback" not in result.stderr


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**12), st.text(max_size=30),
                    st.sampled_from(["70B", "undisclosed", "n/a", "2024-02-30", "2024-01", "yes", "[bold]x",
                                     "unreleased", "reasoning", "https://example.org/w"]))
ENTRY = st.dictionaries(st.sampled_from(["id", "name", "kind", "aliases", "organization", "summary", "release",
                                         "open_weights", "license", "parameters", "context_window", "modality",
                                         "sources", "parent", "family", "based_on", "announced",
                                         "max_output_tokens", "capabilities", "deprecated", "retired",
                                         "weights", "notes", "extra"]),
                        st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(max_size=8), SCALARS, max_size=3)),
                        max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(ENTRY, max_size=3), section=st.sampled_from(["models", "terms", "organizations"]))
def test_any_overlay_entry_is_data_or_a_data_error(cli, tmp_path, entries, section):
    path = tmp_path / "overlay.yaml"
    path.write_text(yaml.safe_dump({section: entries}, allow_unicode=True), encoding="utf-8")
    result = cli("show", "llama-3", "--data", str(path))
    assert result.exit_code in (0, 3), result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
