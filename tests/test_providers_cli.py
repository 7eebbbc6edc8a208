"""`fm import`, `fm prices`, the Providers table of `fm show` and `fm data`'s snapshots, end to end
through the CLI with a private data folder (conftest sets XDG_DATA_HOME)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import model_yaml

FIXTURES = Path(__file__).parent / "fixtures"
MODELS_DEV = str(FIXTURES / "modelsdev_api.json")
OPENROUTER = str(FIXTURES / "openrouter_models.json")
LITELLM = str(FIXTURES / "litellm_model_prices.json")


def snapshot_dir() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "fm" / "providers"


@pytest.fixture
def imported(cli):
    for source, path in (("models.dev", MODELS_DEV), ("openrouter", OPENROUTER), ("litellm", LITELLM)):
        result = cli("import", source, path)
        assert result.exit_code == 0, result.output
    return cli


def test_import_stores_a_dated_snapshot_in_the_data_folder(cli):
    result = cli("import", "models.dev", MODELS_DEV, "--json")
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["catalog"] == "models.dev" and info["offers"] == 20 and 0 < info["matched"] < 20
    assert Path(info["path"]) == snapshot_dir() / "modelsdev.jsonl"
    header, *rows = Path(info["path"]).read_text().splitlines()  # JSON Lines: a header, then one offer a line
    assert json.loads(header)["date"] == info["date"] and len(rows) == 20
    entries = [json.loads(row)[0] for row in rows]
    matched = [e for e in entries if e]
    assert matched == sorted(matched) and entries[-1] is None  # by entry, unmatched last


def test_a_file_of_the_wrong_format_keeps_the_previous_snapshot(cli):
    assert cli("import", "litellm", LITELLM).exit_code == 0
    before = (snapshot_dir() / "litellm.jsonl").read_bytes()
    result = cli("import", "litellm", OPENROUTER)
    assert result.exit_code == 3
    assert result.stderr.startswith("fm: error: ") and "not a LiteLLM file" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert (snapshot_dir() / "litellm.jsonl").read_bytes() == before
    assert [p.name for p in snapshot_dir().iterdir()] == ["litellm.jsonl"]  # no temporary file left


def test_import_usage_errors(cli, tmp_path):
    assert cli("import", "models.dev", str(tmp_path / "missing.json")).exit_code == 2
    unknown = cli("import", "epoch", MODELS_DEV)
    assert unknown.exit_code == 2 and "models.dev, openrouter, litellm" in unknown.stderr
    assert cli("import", "models.dev").exit_code == 2
    nothing = cli("import", "--unmatched", "openrouter")
    assert nothing.exit_code == 2 and "fm import openrouter FILE" in nothing.stderr
    error = cli("import", "modelsdev", str(tmp_path), "--json")
    assert error.exit_code == 2 and json.loads(error.stderr)["error"]["code"] == "usage"


def test_show_gains_a_providers_table_and_json_names_the_catalog_of_every_number(imported):
    card = imported("show", "gpt-4o")
    assert card.exit_code == 0
    section = card.stdout.split("Providers (imported catalogs, not checked by fm")[1]
    assert "openrouter\topenai/gpt-4o\t$2.50\t$10.00\t$1.25\t128K\t16K\topenrouter " in section
    assert section.splitlines()[1] == "provider\tmodel id\tinput\toutput\tcached\tcontext\tmax out\tcatalog"
    doc = json.loads(imported("show", "gpt-4o", "--json").stdout)
    rows = doc["providers"]
    assert {r["catalog"] for r in rows} == {"models.dev", "openrouter", "litellm"}
    for row in rows:
        assert row["id"] == "gpt-4o" and row["snapshot"] and "not checked by fm" in row["provenance"]
        assert row["provenance"].startswith(f"{row['catalog']} {row['snapshot']}")
    outputs = [r["output"] for r in rows]
    assert outputs == sorted(outputs, key=lambda o: (o == 0, o))  # cheapest output first, free tiers after


def test_without_imports_show_is_unchanged(cli):
    assert "providers" not in json.loads(cli("show", "gpt-4o", "--json").stdout)
    assert "Providers" not in cli("show", "gpt-4o").stdout
    assert not snapshot_dir().exists()


def test_unmatched_lists_provider_models_matching_no_entry(imported):
    result = imported("import", "--unmatched", "openrouter", "--json")
    assert result.exit_code == 0
    assert [r["model"] for r in json.loads(result.stdout)["results"]] == ["acme/unknown-model-9000"]
    text = imported("import", "--unmatched", "openrouter")
    assert "1 provider model of openrouter matches no entry" in text.stdout


def test_prices_lists_a_model_and_its_variants_cheapest_first(imported):
    result = imported("prices", "deepseek-r1", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["results"]
    assert {r["model"] for r in rows} >= {"deepseek/deepseek-r1:free", "deepseek/deepseek-r1"}
    assert rows[0]["output"] > 0 and rows[-1]["model"] == "deepseek/deepseek-r1:free"  # a free tier after paid
    everything = json.loads(imported("prices", "--json").stdout)["results"]
    assert len(everything) > len(rows) and all(r["id"] for r in everything)


def test_prices_without_imports_or_offers_exits_1(cli, imported):
    assert imported("prices", "llama-1-7b").exit_code == 1


def test_prices_before_any_import_exits_1_with_a_hint(cli):
    result = cli("prices", "gpt-4o")
    assert result.exit_code == 1 and "fm import" in result.stderr


def test_data_lists_each_snapshot_with_date_and_counts(imported):
    info = json.loads(imported("data", "--json").stdout)
    assert [(s["catalog"], s["offers"]) for s in info["snapshots"]] == [
        ("models.dev", 20), ("openrouter", 9), ("litellm", 24)]
    assert "Imported provider catalogs" in imported("data").stdout


def test_a_changed_catalog_is_matched_again(imported, write):
    path = write("acme.yaml", model_yaml("acme-unknown").replace("aliases: []", "aliases: [unknown-model-9000]"))
    for _ in range(2):  # matched again, then answered from the cached match
        result = imported("prices", "acme-unknown", "--data", str(path), "--json")
        assert result.exit_code == 0, result.stderr
        assert [r["model"] for r in json.loads(result.stdout)["results"]] == ["acme/unknown-model-9000"]
    assert len(list(Path(os.environ["FM_CACHE_DIR"]).glob("match-*.json"))) == 3  # one per catalog
    unmatched = json.loads(imported("import", "--unmatched", "openrouter", "--data", str(path), "--json").stdout)
    assert unmatched["results"] == []
    assert json.loads(imported("show", "gpt-4o", "--json", "--data", str(path)).stdout)["providers"]


def test_a_damaged_snapshot_is_ignored(imported):
    (snapshot_dir() / "openrouter.jsonl").write_bytes(b"\x00garbage{")
    doc = json.loads(imported("show", "gpt-4o", "--json").stdout)
    assert "openrouter" not in {r["catalog"] for r in doc["providers"]}


def test_a_damaged_line_of_a_snapshot_is_skipped(imported):
    path = snapshot_dir() / "openrouter.jsonl"
    lines = path.read_text().splitlines()
    damaged = [line if '"openai/gpt-4o"' not in line else line[:25] for line in lines]
    path.write_text("\n".join(damaged) + "\n")
    rows = json.loads(imported("show", "gpt-4o", "--json").stdout)["providers"]
    models = {(r["catalog"], r["model"]) for r in rows}
    assert ("openrouter", "openai/gpt-4o-2024-08-06") in models and ("openrouter", "openai/gpt-4o") not in models


HOSTILE = {"\x1b]0;pwned\x07[bold]evil[/]": {"name": "x", "models": {
    "gpt-4o": {"id": "gpt-4o", "name": "\x1b[2J[link=http://spoof]GPT-4o[/link]\u202e",
               "cost": {"input": 1e308, "output": -3, "cache_read": 2}, "limit": {"context": 128000}},
    "../../x": {"id": "../../../../tmp/owned", "cost": {"input": 1}}}}}


def test_hostile_catalog_data_stays_inert(cli, tmp_path):
    evil = tmp_path / "api.json"
    evil.write_text(json.dumps(HOSTILE))
    assert cli("import", "models.dev", str(evil)).exit_code == 0
    assert sorted(p.name for p in snapshot_dir().iterdir()) == ["modelsdev.jsonl"]
    assert not Path("/tmp/owned").exists()
    card = cli("show", "gpt-4o")
    assert card.exit_code == 0 and "\x1b" not in card.stdout and "\u202e" not in card.stdout
    assert "\\x1b]0;pwned\\x07[bold]evil[/]" in card.stdout  # shown, escaped, markup as text
    row = json.loads(cli("show", "gpt-4o", "--json").stdout)["providers"][0]
    assert (row["input"], row["output"], row["cached"]) == (None, None, 2.0)
    assert row["provider"].startswith("\x1b]0;pwned")  # JSON keeps the data exact


# -- provider_ids: the bundled mapping --------------------------------------------------------------
def test_bundled_provider_ids_map_what_names_cannot(cli, tmp_path):
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({
        "claude-4-opus-20250514": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 1.5e-05,
                                   "output_cost_per_token": 7.5e-05},
        "bedrock/us-east-1/anthropic.claude-v2:1": {"litellm_provider": "bedrock", "mode": "chat",
                                                    "input_cost_per_token": 8e-06, "output_cost_per_token": 2.4e-05}}))
    assert cli("import", "litellm", str(prices)).exit_code == 0
    rows = json.loads(cli("prices", "claude-opus-4", "claude-2-1", "--json").stdout)["results"]
    assert {(r["id"], r["model"]) for r in rows} == {
        ("claude-opus-4", "claude-4-opus-20250514"), ("claude-2-1", "bedrock/us-east-1/anthropic.claude-v2:1")}
    assert json.loads(cli("show", "claude-opus-4", "--json").stdout)["provider_ids"][0] == "claude-4-opus-20250514"


@pytest.mark.parametrize("lines, message", [
    ('    provider_ids: "gpt-x"\n', "must be a list"),
    ("    provider_ids: [7]\n", "items must be text"),
    ('    provider_ids: ["has space"]\n', "is not a provider model id"),
    ('    provider_ids: ["a/b", "A/B"]\n', "listed twice"),
    ('    provider_ids: ["claude-4-opus-20250514"]\n', "already a provider id of 'claude-opus-4'"),
])
def test_provider_ids_are_validated(cli, write, lines, message):
    path = write("mine.yaml", model_yaml("acme-one").replace("    sources:\n", lines + "    sources:\n"))
    result = cli("validate", str(path))
    assert result.exit_code == 3 and message in result.stdout and "provider_ids" in result.stdout


def test_provider_ids_must_be_unique_across_user_entries(cli, write):
    text = model_yaml("acme-one", "acme-two").replace("    sources:\n", '    provider_ids: ["x/same"]\n    sources:\n')
    result = cli("validate", str(write("two.yaml", text)))
    assert result.exit_code == 3 and "'x/same' is already a provider id of 'acme-one'" in result.stdout


# -- list --max-price and compare -------------------------------------------------------------------
def test_list_max_price_filters_by_the_lowest_output_price(imported):
    found = {r["id"] for r in json.loads(imported("list", "models", "--max-price", "0.06", "--json").stdout)["results"]}
    assert "mistral-7b" in found  # OpenRouter's $0.054
    assert "gpt-4o-mini" not in found
    assert "gpt-4o" not in found  # firmware's $0 in models.dev is a free tier, not GPT-4o's price
    dearer = {r["id"] for r in json.loads(imported("list", "--max-price", "$0.7", "--json").stdout)["results"]}
    assert found < dearer and "gpt-4o-mini" in dearer  # $0.60 in LiteLLM; `list` alone lists models


@pytest.mark.parametrize("value", ["x", "-1", "nan", "inf"])
def test_list_max_price_rejects_what_is_not_a_price(imported, value):
    result = imported("list", "models", "--max-price", value)
    assert result.exit_code == 2 and "--max-price" in result.stderr


def test_list_max_price_needs_an_import(cli):
    result = cli("list", "models", "--max-price", "2")
    assert result.exit_code == 2 and "fm import" in result.stderr


def test_compare_gains_lowest_price_rows_with_their_catalog(imported, cli):
    text = imported("compare", "gpt-4o-mini", "mistral-7b").stdout
    assert "lowest output price\t$0.60/1M (openai; litellm " in text
    assert "$0.054/1M (openrouter; openrouter " in text
    items = json.loads(imported("compare", "gpt-4o-mini", "mistral-7b", "--json").stdout)["items"]
    assert all(item["providers"] and all(r["catalog"] for r in item["providers"]) for item in items)


def test_compare_without_imports_is_unchanged(cli):
    assert "lowest" not in cli("compare", "gpt-4o-mini", "mistral-7b").stdout
    assert "providers" not in json.loads(cli("compare", "gpt-4o-mini", "mistral-7b", "--json").stdout)["items"][0]


def test_an_unwritable_data_folder_is_one_clear_error(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    result = cli("import", "openrouter", OPENROUTER)
    assert result.exit_code == 2 and result.stderr.startswith("fm: error: cannot store the snapshot")


def test_provider_ids_in_a_users_file_map_an_offer_to_the_users_entry(imported, write):
    text = model_yaml("acme-one").replace("aliases: []", "aliases: []\n    provider_ids: [acme/unknown-model-9000]")
    path = write("acme.yaml", text)
    rows = json.loads(imported("prices", "acme-one", "--data", str(path), "--json").stdout)["results"]
    assert [r["model"] for r in rows] == ["acme/unknown-model-9000"]


def test_the_real_fm_imports_and_shows_prices():
    from conftest import run_fm

    done = run_fm("import", "openrouter", OPENROUTER)
    assert done.returncode == 0 and "imported 9 provider models from openrouter" in done.stdout, done.stderr
    shown = run_fm("show", "gpt-4o")
    assert shown.returncode == 0 and "openrouter\topenai/gpt-4o\t$2.50\t$10.00" in shown.stdout
    assert shown.stderr == ""


# -- a price of $0: a free tier, not the model's price ----------------------------------------------
def test_a_free_offer_reads_free_and_sorts_after_the_paid_ones(imported):
    rows = json.loads(imported("show", "gpt-4o", "--json").stdout)["providers"]
    outputs = [r["output"] for r in rows]
    assert outputs[0] > 0 and outputs[-1] == 0.0  # firmware's $0 listing comes last
    assert outputs[: outputs.index(0.0)] == sorted(o for o in outputs if o)
    card = imported("show", "gpt-4o").stdout
    assert "firmware\tgpt-4o\tfree\tfree\t" in card and "$0\t" not in card


def test_lowest_price_and_max_price_skip_free_offers_unless_all_are_free(cli, tmp_path):
    prices = tmp_path / "prices.json"
    offer = {"litellm_provider": "x", "mode": "chat"}
    prices.write_text(json.dumps({
        "gpt-4o-mini": {**offer, "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07},
        "free/gpt-4o-mini": {**offer, "input_cost_per_token": 0, "output_cost_per_token": 0},
        "free/mistral-7b": {**offer, "input_cost_per_token": 0, "output_cost_per_token": 0}}))
    assert cli("import", "litellm", str(prices)).exit_code == 0
    text = cli("compare", "gpt-4o-mini", "mistral-7b").stdout
    assert "lowest output price\t$0.60/1M (x; litellm " in text  # not the free tier beside it
    assert "\tfree (x; litellm " in text  # every offer of mistral-7b is free
    found = {r["id"] for r in json.loads(cli("list", "models", "--max-price", "0.5", "--json").stdout)["results"]}
    assert found == {"mistral-7b"}
