"""A user's own data: little to write, every problem at its line and said once, and still fail-closed."""

import json
import re
from pathlib import Path

from fmcli.schema import check_model, check_organization, check_term
from fmcli.yamlsafe import loads

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_yaml_blocks() -> list[str]:
    """The YAML blocks of the README's "Your own data" section."""
    section = README.read_text(encoding="utf-8").split("## Your own data", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def readme_minimal_file() -> str:
    """The first: a whole user file."""
    return readme_yaml_blocks()[0]


def test_the_readme_optional_facts_and_sources_fit_the_minimal_model(cli, write):
    path = write("acme.yaml", readme_minimal_file() + readme_yaml_blocks()[1])
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    doc = json.loads(cli("show", "acme-chat", "--data", str(path), "--json").stdout)
    assert doc["aliases"] == ["acme-chat-7b"] and doc["sources"][0]["url"] == "https://example.org/acme-chat"


def test_the_readme_minimal_user_file_validates_and_shows(cli, write):
    path = write("acme.yaml", readme_minimal_file())
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    doc = json.loads(cli("show", "acme-chat", "--data", str(path), "--json").stdout)
    assert doc["organization"] == "Acme" and doc["context_window"] == 32768


def test_an_unsourced_fact_comes_from_the_users_file_and_line(cli, write):
    text = readme_minimal_file()
    path = write("acme.yaml", text)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith("context_window:"))
    why = json.loads(cli("why", "acme-chat", "context_window", "--data", str(path), "--json").stdout)
    assert why["status"] == "stated"
    assert why["sources"] == [{"title": "user data file", "url": None, "file": str(path), "line": line,
                               "supports": ["context_window"]}]
    card = cli("show", "acme-chat", "--data", str(path)).stdout
    assert f"{path}:{line}" in card
    assert f"{path}:{line}" in cli("why", "acme-chat", "context_window", "--data", str(path)).stdout


MODEL = """\
id: my-model
name: My Model
kind: model
organization: meta
summary: S.
release: "2024-02"
open_weights: false
license: proprietary
parameters: 7B
context_window: 4096
modality: {input: [text], output: [text]}
"""


def test_aliases_and_sources_are_optional_only_in_user_files():
    model, problems = check_model(loads(MODEL), "mine.yaml", user=True)
    assert problems == [] and model.aliases == []
    assert {f for s in model.sources for f in s.supports} == {
        "release", "open_weights", "license", "parameters", "context_window", "modality"}
    _, problems = check_model(loads(MODEL), "models.yaml")  # bundled: every rule holds
    missing = {p.field for p in problems if p.message == "missing required field"}
    assert missing == {"aliases", "sources"}
    assert {p.field for p in problems if "no source supports" in p.message} == {
        "release", "open_weights", "license", "parameters", "context_window", "modality"}
    term = "id: t\nname: T\ncategory: core\nlevel: beginner\nsummary: S.\ndefinition: D.\nrelated: []\n"
    assert check_term(loads(term), "mine.yaml", user=True)[1] == []
    assert {p.field for p in check_term(loads(term), "glossary.yaml")[1]} == {"aliases", "sources"}


def test_a_user_organization_needs_only_id_and_name():
    org, problems = check_organization(loads("id: acme\nname: Acme\n"), "mine.yaml", user=True)
    assert problems == [] and org.name == "Acme"
    _, problems = check_organization(loads("id: acme\nname: Acme\n"), "models.yaml")
    assert {p.field for p in problems} == {"aliases", "summary", "url"}


def test_one_problem_gives_one_message():
    org = "id: acme\nname: Acme\naliases: []\nsummary: S.\n"
    _, problems = check_organization(loads(org), "models.yaml")
    assert [(p.field, p.message) for p in problems] == [("url", "missing required field")]
    no_url = MODEL + "sources:\n  - title: Card\n    supports: [release]\n"
    _, problems = check_model(loads(no_url), "mine.yaml", user=True)
    assert [(p.field, p.line, p.message) for p in problems] == [("sources", 13, "every source needs a url")]
    misspelt = MODEL + "sources:\n  - title: Card\n    url: https://example.org\n    supports: [contxt_window]\n"
    _, problems = check_model(loads(misspelt), "mine.yaml", user=True)
    assert [(p.field, p.line) for p in problems] == [("sources", 15)]
    assert "'contxt_window' (did you mean 'context_window'?)" in problems[0].message
    _, problems = check_model(loads("aliases: []\n" + misspelt), "models.yaml")
    assert "context_window" not in {p.field for p in problems}  # not also "no source supports"


def test_an_entry_without_a_kind_is_an_error_not_dropped(cli, write):
    path = write("nokind.yaml", "models:\n  - id: mystery\n    name: Mystery\n")
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert f"{path}:2: entry 'mystery': field 'kind': missing required field" in result.stdout


def test_an_unknown_organization_is_answered_with_the_lines_that_define_it(cli, write):
    path = write("acme.yaml", readme_minimal_file().replace("organization: acme ", "organization: acme-labs "))
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert "field 'organization': 'acme-labs' is not the id of an organization" in result.stdout
    assert "    organizations:\n      - id: acme-labs\n        name: Acme Labs\n" in result.stdout
    problem = json.loads(cli("validate", str(path), "--json").stdout)["problems"][0]
    assert problem["fix"] == "organizations:\n  - id: acme-labs\n    name: Acme Labs\n"


def test_a_bad_user_file_still_fails_closed(cli, write):
    text = readme_minimal_file().replace('release: "2025-06"', 'release: "2025-13"')
    path = write("acme.yaml", text)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith("release:"))
    for args in (["list", "models"], ["show", "llama-3"], ["search", "llama"]):
        result = cli(*args, "--data", str(path))
        assert result.exit_code == 3 and result.stdout == ""
        assert f"{path}:{line}: entry 'acme-chat': field 'release'" in result.stderr
        result = cli(*args, "--data", str(path), "--json")
        assert result.exit_code == 3 and result.stdout == ""
        assert json.loads(result.stderr)["error"]["problems"][0]["line"] == line


def test_bundled_files_keep_every_rule(write):
    """The same entry that a user's file may hold fails in a bundled file: aliases and a source
    for every fact are required there."""
    import pytest

    from fmcli.catalog import load
    from fmcli.errors import DataError
    from fmcli.paths import DataFile, discover

    path = write("acme.yaml", readme_minimal_file())
    user = discover([str(path)])
    assert "acme-chat" in load(user).models
    as_bundled = [*user[:-1], DataFile(*user[-1][:3], bundled=True)]
    with pytest.raises(DataError) as info:
        load(as_bundled)
    named = {(p.entry, p.field) for p in info.value.problems}
    assert {("acme-chat", "aliases"), ("acme-chat", "sources"), ("acme", "summary"), ("acme", "url")} <= named
