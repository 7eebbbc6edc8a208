"""Exploring the field: tree, timeline, filters with units, output formats, dataset info."""

import csv
import io
import json

import yaml

from fmcli.catalog import load
from fmcli.paths import discover


def test_tree_of_a_family_has_members_and_variants(cli):
    result = cli("tree", "llama", "--json")
    assert result.exit_code == 0
    tree = json.loads(result.stdout)
    edges = {(e["from"], e["to"], e["relation"]) for e in tree["edges"]}
    assert ("llama", "llama-3", "member") in edges and ("llama-3", "llama-3-8b", "variant") in edges
    assert {n["id"] for n in tree["nodes"]} >= {"llama", "llama-3", "llama-3-8b"}
    assert all(n["release"] for n in tree["nodes"] if n["kind"] != "family")


def test_tree_shows_ancestry_and_descendants(cli):
    tree = json.loads(cli("tree", "alpaca", "--json").stdout)
    assert {"from": "llama-1-7b", "to": "alpaca", "relation": "based_on"} in tree["edges"]
    drawn = cli("tree", "llama-1-7b").stdout
    assert "Alpaca [alpaca]" in drawn and "built on its parent" in drawn
    assert cli("tree", "rlhf").exit_code == 2


def test_timeline_is_in_date_order_in_one_table(cli):
    results = json.loads(cli("timeline", "--org", "openai", "--json").stdout)["results"]
    dates = [r["release"] if r["release"][:1].isdigit() else r["announced"] for r in results]  # never released
    assert dates == sorted(dates) and all(r["kind"] == "model" for r in results)
    text = cli("timeline", "--since", "2024").stdout
    lines = text.splitlines()
    assert lines[0] == f"{len(lines) - 2} releases:" and lines[1].startswith("release\tid\t")
    assert sum(line.startswith("release\t") for line in lines) == 1  # one table, one header
    assert lines[2].startswith("2024-") and lines[-1][:4] > "2024"


def test_search_accepts_list_filters(cli):
    results = json.loads(cli("search", "llama", "--open", "--min-context", "128k", "--json").stdout)["results"]
    assert results and all(r["open_weights"] and r["context_window"] >= 128000 for r in results)


def test_formats_round_trip(cli):
    as_csv = list(csv.DictReader(io.StringIO(cli("list", "models", "--moe", "--format", "csv").stdout)))
    assert as_csv and all(int(row["active_parameters"] or 0) < int(row["parameters"]) for row in as_csv)
    as_yaml = yaml.safe_load(cli("list", "orgs", "--format", "yaml").stdout)
    assert {r["kind"] for r in as_yaml["results"]} == {"organization"}
    markdown = cli("list", "terms", "--category", "core", "--format", "markdown").stdout.splitlines()
    assert markdown[0].startswith("| id |") and markdown[1].startswith("|---")
    assert all(line.count("|") == markdown[0].count("|") for line in markdown)
    assert cli("list", "--format", "xml").exit_code == 2


def test_csv_cells_never_become_spreadsheet_formulas():
    from fmcli.formats import to_csv
    text = to_csv([{"id": "x", "summary": "=HYPERLINK(\"http://evil\")", "name": "-1 fine"}])
    assert "'=HYPERLINK" in text and ",-1 fine," in text


def test_dataset_info(cli, write):
    from conftest import model_yaml
    path = write("mine.yaml", model_yaml("my-model"))
    info = json.loads(cli("data", "--data", str(path), "--json").stdout)
    assert info["counts"]["kinds"]["term"] >= 250 and info["facts_checked"]
    organizations = {o.id for o in load(discover([])).organizations.values()}
    for day, orgs in info["facts_checked_earlier"].items():  # an earlier check names real organizations
        assert day < info["facts_checked"] and set(orgs) <= organizations
    assert {"path": str(path), "bundled": False} in info["files"]


def test_tree_marks_an_entry_drawn_twice_instead_of_repeating_it(cli):
    lines = cli("tree", "llama").stdout.splitlines()
    vicuna = [line for line in lines if "[vicuna-13b]" in line]
    assert len(vicuna) == 2 and vicuna[0].endswith("built on its parent") and vicuna[1].endswith("· drawn above")
    drawn = [line.split("── ", 1)[1].split(" · ")[0] for line in lines if "── " in line and "drawn above" not in line]
    assert len(drawn) == len(set(drawn))  # nothing drawn twice in full


def test_messages_use_the_right_article(cli):
    assert "is an organization" in cli("tree", "meta").stderr


def test_tree_of_an_organization_draws_its_family_or_names_them(cli):
    drawn = cli("tree", "deepseek")
    assert drawn.exit_code == 0 and drawn.stdout.startswith("DeepSeek family [deepseek-family] (family")
    several = cli("tree", "google-deepmind")
    assert several.exit_code == 2 and "gemini" in several.stderr and "gemma" in several.stderr
