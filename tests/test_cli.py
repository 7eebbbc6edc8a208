"""The CLI through typer's CliRunner: every command, both output modes, the exit codes."""

import json

import pytest

from fmcli.cli import app

COMMANDS = ["define", "show", "compare", "search", "list", "why", "validate", "completion"]


def test_every_command_has_help_with_an_example(cli):
    for name in COMMANDS:
        result = cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout or "Install" in result.stdout, name
        assert "\x1b" not in result.stdout


def test_bare_fm_shows_the_help(cli):
    result = cli()
    assert result.exit_code == 0 and result.stdout.startswith("Usage: fm") and "Commands:" in result.stdout


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("fm ")


@pytest.mark.parametrize("args, kind, key", [
    (["define", "foundation-model"], "term", "definition"),
    (["define", "Mixture of Experts"], "term", "definition"),
    (["show", "llama-3"], "model", "variants"),
    (["show", "anthropic"], "organization", "models"),
    (["show", "claude"], "family", "aggregate"),
    (["show", "Llama 3 70B"], "variant", "parameters"),
])
def test_json_documents(cli, args, kind, key):
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["kind"] == kind and key in doc


def test_json_contract_of_a_model(cli):
    doc = json.loads(cli("show", "llama-3-70b", "--json").stdout)
    assert doc["organization"] == "Meta" and doc["organization_id"] == "meta"
    assert isinstance(doc["parameters"], int) and isinstance(doc["context_window"], int)
    assert isinstance(doc["release"], str) and doc["parent"] == "llama-3"
    assert all({"title", "url", "supports"} <= set(s) for s in doc["sources"])


def test_compare_search_list_why_json(cli):
    items = json.loads(cli("compare", "gpt-4", "claude", "--json").stdout)["items"]
    assert [i["id"] for i in items] == ["gpt-4", "claude"]
    results = json.loads(cli("search", "attention", "--json").stdout)["results"]
    assert results and all({"kind", "id", "name", "summary"} <= set(r) for r in results)
    listed = json.loads(cli("list", "orgs", "--json").stdout)["results"]
    assert {r["kind"] for r in listed} == {"organization"}
    why = json.loads(cli("why", "llama-3-8b", "parameters", "--json").stdout)
    assert why["value"] == 8 * 10**9 and why["status"] == "stated" and why["sources"]


def test_people_output_on_a_pipe_is_plain(cli):
    result = cli("show", "llama-3")
    assert result.exit_code == 0 and result.stderr == ""
    assert "Llama 3 (model · Meta)" in result.stdout and "\x1b" not in result.stdout
    assert "parameters: 8B–70B (variants)" in result.stdout
    assert "[1] " in result.stdout  # numbered sources


def test_define_falls_back_to_the_catalog_and_says_so(cli):
    result = cli("define", "llama-3")
    assert result.exit_code == 0 and "not a glossary term" in result.stderr


def test_not_found_for_people_and_scripts(cli):
    result = cli("show", "lama-3")
    assert result.exit_code == 0 and "showing llama-3" in result.stderr  # one clear candidate
    result = cli("show", "lama-3", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "not_found" and error["suggestions"][0] == "llama-3"
    result = cli("define", "qwertyuiop")
    assert result.exit_code == 1 and result.stderr.startswith("fm: error: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [["compare", "gpt-4"], ["show"], ["show", "x", "--bogus"], ["list", "widgets"],
                                  ["why", "gpt-4", "colour"], ["completion", "tcsh"], ["list", "--sort", "colour"]])
def test_usage_errors_exit_2_with_one_line(cli, args):
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr.startswith("fm: error: ") and result.stderr.count("\n") == 1
    result = cli(*args, "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert json.loads(result.stderr)["error"]["code"] == "usage"


def test_invalid_user_data_exits_3_naming_file_entry_field(cli, write):
    path = write("bad.yaml", "models:\n  - id: broken\n    kind: model\n")
    result = cli("show", "llama-3", "--data", str(path))
    assert result.exit_code == 3 and str(path) in result.stderr and "broken" in result.stderr
    result = cli("validate", str(path))
    assert result.exit_code == 3 and "entry 'broken': field 'name': missing required field" in result.stdout
    result = cli("validate", str(path), "--json")
    assert result.exit_code == 3 and json.loads(result.stdout)["valid"] is False


def test_validate_ok(cli):
    result = cli("validate")
    assert result.exit_code == 0 and result.stdout.startswith("ok: ")


def test_internal_error_is_one_line_exit_70(cli, monkeypatch):
    import fmcli.api
    monkeypatch.setattr(fmcli.api.Reference, "open", classmethod(lambda cls, paths: 1 / 0))
    result = cli("show", "llama-3")
    assert result.exit_code == 70 and "internal error (ZeroDivisionError)" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    result = cli("show", "llama-3", env={"FM_DEBUG": "1"})
    assert "Traceback" in result.stderr


def test_completion_script_and_candidates(cli):
    script = cli("completion", "bash")
    assert script.exit_code == 0 and "_FM_COMPLETE" in script.stdout
    from fmcli.completion import complete
    found = dict(complete("llama-3"))
    assert "llama-3" in found and "llama-3-8b" in found and found["llama-3"]


@pytest.mark.parametrize("args, expected", [
    (["show", "llama", "3", "70b"], "llama-3-70b"),
    (["show", "gemini", "2.5", "pro"], "gemini-2-5-pro"),
    (["define", "mixture", "of", "experts"], "mixture-of-experts"),
    (["why", "llama", "3", "70b", "context"], "llama-3-70b"),
    (["tree", "llama", "3"], "llama-3"),
])
def test_several_unquoted_words_are_one_query(cli, args, expected):
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc.get("id", doc.get("root")) == expected


def test_search_joins_its_words_and_compare_keeps_one_id_per_argument(cli):
    joined = json.loads(cli("search", "image", "generation", "--json").stdout)["results"]
    quoted = json.loads(cli("search", "image generation", "--json").stdout)["results"]
    assert joined and joined == quoted
    items = json.loads(cli("compare", "llama-3", "gpt-4", "--json").stdout)["items"]
    assert [d["id"] for d in items] == ["llama-3", "gpt-4"]


def test_why_needs_a_model_and_a_field(cli):
    result = cli("why", "gpt-4")
    assert result.exit_code == 2 and "FIELD" in result.stderr


def _ids(result) -> set[str]:
    return {r["id"] for r in json.loads(result.stdout)["results"]}


@pytest.mark.parametrize("command", [["list", "models"], ["timeline"], ["search", "model"]])
def test_org_and_family_accept_names_and_aliases_in_any_case(cli, command):
    by_id = _ids(cli(*command, "--org", "openai", "--json"))
    assert by_id and _ids(cli(*command, "--org", "OpenAI", "--json")) == by_id
    assert _ids(cli(*command, "--org", "deepmind", "--json")) == _ids(cli(*command, "--org", "google-deepmind", "--json"))
    assert _ids(cli(*command, "--family", "LLAMA", "--json")) == _ids(cli(*command, "--family", "llama", "--json"))


def test_a_person_gets_the_one_organization_a_name_starts_with_a_script_gets_exact_names(cli):
    person = cli("list", "models", "--org", "mistral")
    assert person.exit_code == 0 and "mistral-ai" in person.stderr and "mistral-7b" in person.stdout
    script = cli("list", "models", "--org", "mistral", "--json")
    assert script.exit_code == 2 and json.loads(script.stderr)["error"]["suggestions"] == ["mistral-ai"]


@pytest.mark.parametrize("option, value", [("--org", "openia"), ("--org", "llama"), ("--family", "gpt-4"),
                                           ("--family", "zzzz")])
def test_an_unknown_org_or_family_is_a_usage_error_with_suggestions(cli, option, value):
    result = cli("list", "models", option, value, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stderr)["error"]["code"] == "usage"


def test_family_filter_lists_its_models_and_variants(cli):
    ids = _ids(cli("list", "models", "--family", "llama", "--json"))
    assert {"llama-3", "llama-3-8b", "llama-4-scout"} <= ids and "gpt-4" not in ids


def test_google_and_deepmind_name_each_other(cli):
    google = json.loads(cli("show", "google", "--json").stdout)
    deepmind = json.loads(cli("show", "deepmind", "--json").stdout)
    assert google["related"] == ["google-deepmind"] and deepmind["related"] == ["google"]
    assert "google-deepmind" in cli("show", "google").stdout


def test_every_exit_code_is_documented_in_the_readme_and_the_help(cli):
    import re
    from pathlib import Path

    from fmcli.errors import ExitCode

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    listed = readme.split("\nExit codes: ", 1)[1].split("\n\n", 1)[0]
    assert [int(c) for c in re.findall(r"`(\d+)`", listed)] == sorted(ExitCode)
    assert "`69` a download failed (`fm update`" in " ".join(listed.split())
    help_text = " ".join(cli("--help").stdout.split())
    stated = help_text.split("Exit codes: ", 1)[1].split(".", 1)[0]
    assert [int(c) for c in re.findall(r"\b(\d+) ", stated)] == sorted(ExitCode)
