"""What a start costs: which modules a command imports and which subcommands it builds.

Timings live in bench/bench.py; these tests pin the causes, so a stray import fails here.
"""

import json
import os
import subprocess
import sys

import pytest
import typer

from fmcli.cli import app

# Runs fm's real entry point, then reports the modules the process imported.
_PROBE = """\
import json, os, sys
try:
    from fmcli.entry import main
    main()
except SystemExit:
    pass
finally:
    with open(os.environ["FM_TEST_MODULES"], "w") as out:
        json.dump(sorted(sys.modules), out)
"""
HEAVY = {"rich", "yaml", "rapidfuzz", "pydantic", "hashlib", "tempfile", "decimal", "dataclasses", "shutil", "typer"}


def imported(tmp_path, *args: str, full: bool = False) -> set[str]:
    """The top-level modules a command imports (every module with `full`)."""
    report = tmp_path / "modules.json"
    env = {**os.environ, "FM_TEST_MODULES": str(report)}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], env=env, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return {name if full else name.split(".")[0] for name in json.loads(report.read_text())}


@pytest.fixture
def warm_index():
    """The index built once, so the probes below measure a lookup (conftest gives a private cache)."""
    subprocess.run([sys.executable, "-m", "fmcli", "show", "llama-3", "--json"], capture_output=True, check=True)


@pytest.mark.usefixtures("warm_index")
def test_a_json_lookup_imports_nothing_heavy(tmp_path):
    assert not imported(tmp_path, "show", "llama-3", "--json") & HEAVY


@pytest.mark.usefixtures("warm_index")
def test_a_lookup_reads_no_provider_catalog_when_none_is_imported(tmp_path):
    modules = imported(tmp_path, "show", "llama-3", "--json", full=True)
    assert "fmcli.providers.store" in modules  # the one listdir that finds nothing
    assert not {"fmcli.providers.join", "fmcli.providers.match", "fmcli.providers.offer"} & modules


@pytest.mark.usefixtures("warm_index")
def test_fuzzy_matching_is_imported_only_on_a_miss(tmp_path):
    assert "rapidfuzz" in imported(tmp_path, "show", "lama-3", "--json")


@pytest.mark.usefixtures("warm_index")
def test_piped_text_needs_no_rich_and_no_yaml(tmp_path):
    modules = imported(tmp_path, "define", "foundation-model")
    assert not modules & {"rich", "yaml", "rapidfuzz", "pydantic"}


@pytest.mark.usefixtures("warm_index")
@pytest.mark.parametrize("args", [["show", "llama-3", "--json"], ["define", "foundation", "model"],
                                  ["show", "--no-color", "lama-3"], ["compare", "gpt-4", "claude", "--json"],
                                  ["search", "attention", "--wide"]])
def test_plain_lookups_start_without_typer(tmp_path, args):
    """The console script answers `show`, `define`, `compare` and `search` with plain words itself
    (tests/test_entry.py)."""
    assert not imported(tmp_path, *args) & {"typer", "click", "shellingham"}


@pytest.mark.usefixtures("warm_index")
def test_other_commands_and_options_go_through_typer(tmp_path):
    assert "typer" in imported(tmp_path, "show", "llama-3", "--data", os.devnull)
    assert "typer" in imported(tmp_path, "search", "attention", "--limit", "3")
    assert "typer" in imported(tmp_path, "list", "models")


def test_only_the_invoked_subcommand_is_built():
    group = typer.main.get_command(app)
    with pytest.raises(SystemExit):
        group.main(["show", "llama-3", "--json"], prog_name="fm")
    assert set(group.commands._built) == {"show"}
    assert "define" in group.commands and "nope" not in group.commands
    assert set(group.commands._built) == {"show"}
    assert list(group.commands) == ["define", "show", "compare", "search", "list", "timeline", "import", "update",
                                    "prices", "tree", "data", "why", "validate", "completion"]


@pytest.mark.parametrize("columns", ["100", "40"])
def test_help_lists_the_commands_without_building_them(monkeypatch, capfd, columns):
    monkeypatch.setenv("COLUMNS", columns)
    group = typer.main.get_command(app)
    with pytest.raises(SystemExit):
        group.main(["--help"], prog_name="fm")
    lazy = capfd.readouterr().out
    assert group.commands._built == {}
    for name in group.commands:  # built, each lists the line Click makes from the command itself
        group.commands[name]
    with pytest.raises(SystemExit):
        group.main(["--help"], prog_name="fm")
    assert capfd.readouterr().out == lazy
    assert "  compare " in lazy and "Compare models" in lazy


@pytest.mark.usefixtures("warm_index")
def test_a_lookup_that_hits_reads_no_catalog_only_model(tmp_path):
    """With snapshots imported, a lookup fm's catalog answers never reads what only a catalog lists."""
    fixture = os.path.join(os.path.dirname(__file__), "fixtures", "openrouter_models.json")
    subprocess.run([sys.executable, "-m", "fmcli", "import", "openrouter", fixture], capture_output=True, check=True)
    modules = imported(tmp_path, "show", "llama-3", "--json", full=True)
    assert "fmcli.providers.join" in modules  # its Providers rows
    assert "fmcli.providers.catalog_only" not in modules
    assert "fmcli.providers.catalog_only" in imported(tmp_path, "show", "unknown-model-9000", "--json", full=True)
