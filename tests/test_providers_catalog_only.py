"""Models known only to an imported catalog: `fm show` and `fm search` find them as entries of their
own, marked with their provenance and holding only what the catalogs state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import model_yaml

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = (("models.dev", "modelsdev_api.json"), ("openrouter", "openrouter_models.json"),
           ("litellm", "litellm_model_prices.json"))
SOURCED_ONLY = {"sources", "release", "open_weights", "license", "parameters", "modality", "organization",
                "organization_id", "training_tokens", "knowledge_cutoff", "aliases", "undisclosed", "inherited"}


@pytest.fixture
def imported(cli):
    for source, name in SOURCES:
        result = cli("import", source, str(FIXTURES / name))
        assert result.exit_code == 0, result.output
    return cli


def snapshot_date(cli) -> str:
    return json.loads(cli("data", "--json").stdout)["snapshots"][0]["date"]


@pytest.mark.parametrize("query", ["unknown-model-9000", "acme/unknown-model-9000", "Acme: Unknown Model 9000",
                                   "UNKNOWN MODEL 9000"])
def test_show_finds_a_model_only_a_catalog_lists_by_its_model_id_or_name(imported, query):
    result = imported("show", query, "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    day = snapshot_date(imported)
    assert doc["kind"] == "model" and doc["id"] == "unknown-model-9000" and doc["name"] == "Acme: Unknown Model 9000"
    assert doc["provenance"] == f"openrouter {day} (not checked by fm)"
    assert (doc["context_window"], doc["max_output_tokens"], doc["summary"]) == (4096, 1024, None)
    assert not SOURCED_ONLY & set(doc)  # absent, not "undisclosed": fm never checked it
    [offer] = doc["providers"]
    assert (offer["model"], offer["input"], offer["output"], offer["id"]) == ("acme/unknown-model-9000", 1.0, 2.0, None)


def test_the_card_is_marked_and_holds_only_the_catalogs_facts(imported):
    result = imported("show", "unknown-model-9000")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("Acme: Unknown Model 9000 (model · known only to an imported catalog · not checked by fm)")
    assert f"provenance: openrouter {snapshot_date(imported)} (not checked by fm)" in text
    assert "context window: 4,096 tokens (4K)\nmax output: 1,024 tokens (1K)\n" in text
    for sourced in ("sources:", "undisclosed", "not recorded", "release", "parameters", "[1]"):
        assert sourced not in text
    assert "openrouter\tacme/unknown-model-9000\t$1.00\t$2.00\t" in text


def test_offers_of_several_catalogs_are_one_entry(imported):
    doc = json.loads(imported("show", "deepseek-chat", "--json").stdout)
    day = snapshot_date(imported)
    assert doc["id"] == "deepseek-chat" and doc["name"] == "DeepSeek Chat"
    assert doc["provenance"] == f"models.dev {day}, litellm {day} (not checked by fm)"
    assert [(r["provider"], r["output"]) for r in doc["providers"]] == [("deepseek", 0.42), ("firmware", 0.0)]
    assert doc["capabilities"] == ["tool-use", "structured-output"]  # every flag an offer states
    assert doc["context_window"] == 131072  # the largest any offer states (LiteLLM's; models.dev's 128,000)


def test_an_entry_of_fm_or_of_the_user_wins_over_a_catalog_only_one(imported, write):
    path = write("mine.yaml", model_yaml("unknown-model-9000"))
    doc = json.loads(imported("show", "unknown-model-9000", "--data", str(path), "--json").stdout)
    assert "provenance" not in doc and doc["sources"][0]["url"] == "https://example.org/unknown-model-9000"
    assert [r["model"] for r in doc["providers"]] == ["acme/unknown-model-9000"]  # now matched to it
    bundled = json.loads(imported("show", "gpt-4o", "--json").stdout)
    assert "provenance" not in bundled and bundled["sources"]


def test_without_imports_a_catalog_only_model_is_not_found(cli):
    assert cli("show", "unknown-model-9000", "--json").exit_code == 1


@pytest.mark.parametrize("command", [("compare", "unknown-model-9000", "gpt-4o"),
                                     ("why", "unknown-model-9000", "context"), ("tree", "unknown-model-9000")])
def test_commands_about_sourced_facts_point_to_show(imported, command):
    result = imported(*command)
    assert result.exit_code == 1
    assert "known only to an imported catalog" in result.stderr and "fm show unknown-model-9000" in result.stderr


def test_prices_lists_a_catalog_only_models_offers(imported):
    rows = json.loads(imported("prices", "deepseek-reasoner", "--json").stdout)["results"]
    assert [(r["provider"], r["model"]) for r in rows] == [("deepseek", "deepseek/deepseek-reasoner"),
                                                           ("firmware", "deepseek-reasoner")]


def test_search_finds_catalog_only_models_after_fms_own_named_entries(imported):
    result = imported("search", "deepseek", "--json", "--limit", "100")
    assert result.exit_code == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    marked = [n for n, r in enumerate(results) if "provenance" in r]
    assert [results[n]["id"] for n in marked] == ["deepseek-chat", "deepseek-reasoner"]
    assert results[0]["id"] == "deepseek" and marked[0] > 10  # fm's entries whose names hold the words first
    assert "deepseek" not in (results[marked[-1] + 1]["id"] + results[marked[-1] + 1]["name"]).lower()  # then text
    for n in marked:
        assert results[n]["kind"] == "model" and results[n]["summary"] is None
        assert "not checked by fm" in results[n]["provenance"]
    text = imported("search", "deepseek", "--limit", "100").stdout
    assert "deepseek-chat\tmodel\tDeepSeek Chat\tknown only to models.dev " in text


def test_search_puts_a_catalog_only_model_it_names_first(imported):
    results = json.loads(imported("search", "unknown model 9000", "--json").stdout)["results"]
    assert results[0]["id"] == "unknown-model-9000" and "provenance" in results[0]


def test_search_filters_leave_out_what_fm_never_checked(imported):
    for options in (("--open",), ("--kind", "term"), ("--org", "deepseek")):
        rows = json.loads(imported("search", "deepseek", "--json", "--limit", "50", *options).stdout)["results"]
        assert not any("provenance" in r for r in rows)


HOSTILE = {"evil": {"name": "x", "models": {
    "a": {"id": "../../../../tmp/owned", "name": "\x1b[2J[link=http://spoof]Owned[/link]\u202e [bold]x[/]",
          "cost": {"input": 1, "output": 2}, "limit": {"context": 1e30}, "tool_call": "yes"}}}}


def test_hostile_catalog_only_models_stay_inert(cli, tmp_path):
    evil = tmp_path / "api.json"
    evil.write_text(json.dumps(HOSTILE))
    assert cli("import", "models.dev", str(evil)).exit_code == 0
    for args in (("show", "../../../../tmp/owned"), ("show", "owned"), ("search", "owned")):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "\\x1b[2J[link=http://spoof]Owned[/link]\\u202e [bold]x[/]" in result.stdout
    doc = json.loads(cli("show", "owned", "--json").stdout)
    assert doc["id"] == "owned" and doc["name"].startswith("\x1b[2J")  # JSON keeps the data exact
    assert doc["providers"][0]["model"] == "../../../../tmp/owned" and doc["context_window"] is None
    assert doc["capabilities"] is None
    assert not Path("/tmp/owned").exists()
