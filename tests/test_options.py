"""The options of list, timeline and search: exit codes of an empty answer, impossible values,
singular forms, --limit/--reverse/--until, `fm help`, and shell completion of option values."""

import json

import pytest
from conftest import run_fm

FORMATS = ["table", "json", "yaml", "csv", "markdown"]
EMPTY = [["list", "models", "--since", "2099"], ["timeline", "--since", "2099"], ["search", "zzqqxxjj"]]


@pytest.mark.parametrize("args", EMPTY)
@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_found_exits_1_in_every_format(cli, args, fmt):
    result = cli(*args, "--format", fmt)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert result.stderr.startswith("fm: error: ") and result.stderr.count("\n") == 1
    expected = {"json": '{\n  "results": []\n}\n', "yaml": "results: []\n", "table": "", "markdown": ""}
    if fmt == "csv":
        assert result.stdout.count("\n") == 1 and result.stdout.startswith("kind,id,name,")
    else:
        assert result.stdout == expected[fmt]


@pytest.mark.parametrize("args", EMPTY)
def test_nothing_found_with_json_writes_the_empty_results_and_exits_1(cli, args):
    result = cli(*args, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"results": []}
    assert json.loads(result.stderr)["error"]["code"] == "not_found"


@pytest.mark.parametrize("args, words", [
    (["list", "--since", "2024-13"], "not a real date"),
    (["list", "--since", "2024-02-30"], "not a real date"),
    (["timeline", "--until", "2023-00"], "not a real date"),
    (["list", "--since", "last year"], "takes a year, month or day"),
    (["list", "--since", "2025", "--until", "2024-06"], "after --until"),
    (["list", "--params", "70B..7B"], "did you mean 7B..70B?"),
    (["list", "--params", "-7b"], "--params"),
    (["list", "--params", ".."], "needs a bound"),
    (["list", "--min-context", "-5"], "--min-context"),
    (["list", "--min-context", "1e99"], "--min-context"),
    (["list", "--limit", "0"], "at least 1"),
    (["timeline", "--limit", "-3"], "at least 1"),
    (["list", "--sort", "colour"], "choose: name, release, parameters, context"),
    (["list", "--kind", "modle"], "did you mean 'model'?"),
    (["search", "x", "--kind", "orgnization"], "did you mean 'organization'?"),
    (["list", "--modality", "images"], "did you mean 'image'?"),
    (["list", "--category", "safety"], "did you mean 'safety-alignment'?"),
    (["list", "--level", "expert"], "choose: beginner, intermediate, advanced"),
    (["list", "modles"], "did you mean 'models'?"),
    (["list", "--format", "jsn"], "did you mean 'json'?"),
    (["list", "--capability", "reasonin"], "did you mean 'reasoning'?"),
])
def test_impossible_filter_values_are_usage_errors(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == "" and result.stderr.startswith("fm: error: ") and result.stderr.count("\n") == 1
    assert words in result.stderr
    result = cli(*args, "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert json.loads(result.stderr)["error"]["code"] == "usage"


@pytest.mark.parametrize("what, kinds", [
    ("model", {"family", "model", "variant"}), ("Models", {"family", "model", "variant"}),
    ("org", {"organization"}), ("organizations", {"organization"}), ("organization", {"organization"}),
    ("term", {"term"}),
])
def test_singular_and_short_listings(cli, what, kinds):
    result = cli("list", what, "--json")
    assert result.exit_code == 0, result.stderr
    assert {r["kind"] for r in json.loads(result.stdout)["results"]} == kinds


def test_fm_help_prints_the_help(cli):
    assert cli("help").stdout == cli("--help").stdout and cli("help").exit_code == 0
    assert "fm help COMMAND" in cli("help").stdout
    result = cli("help", "list")
    assert result.exit_code == 0 and result.stdout == cli("list", "--help").stdout
    assert "--until" in result.stdout and "--reverse" in result.stdout and "--limit" in result.stdout


def ids(cli, *args):
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)["results"]]


def releases(cli, *args):
    """Where each result stands in time: its release, or the announcement of one never released."""
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return [r.get("announced") if r.get("release") == "unreleased" else r.get("release")
            for r in json.loads(result.stdout)["results"]]


def test_limit_and_reverse_for_list(cli):
    newest = releases(cli, "list", "models", "--sort", "release")
    assert releases(cli, "list", "models", "--sort", "release", "--limit", "5") == newest[:5]
    oldest = releases(cli, "list", "models", "--sort", "release", "--reverse", "--limit", "5")
    dated = [r for r in newest if r and r[:1].isdigit()]
    assert oldest == sorted(dated)[:5]
    by_name = ids(cli, "list", "orgs")
    assert ids(cli, "list", "orgs", "--reverse") == by_name[::-1]


@pytest.mark.parametrize("command", [["list", "models"], ["timeline"]])
def test_a_limit_beyond_the_catalog_means_all(cli, command):
    assert ids(cli, *command, "--limit", str(2**70)) == ids(cli, *command)


def test_limit_reverse_and_until_for_timeline(cli):
    everything = ids(cli, "timeline")
    assert ids(cli, "timeline", "--limit", "3") == everything[:3]
    assert ids(cli, "timeline", "--reverse", "--limit", "3") == everything[::-1][:3]
    until = releases(cli, "timeline", "--until", "2022")
    assert until and max(until) < "2023" and until == releases(cli, "timeline")[:len(until)]
    month = releases(cli, "timeline", "--since", "2023-03", "--until", "2023-03")
    assert month and all(r.startswith("2023-03") for r in month)


def test_until_for_list_and_search_keeps_only_dated_releases(cli):
    found = releases(cli, "list", "models", "--until", "2020")
    assert found and all(r[:4] <= "2020" for r in found)
    assert all(r[:4] <= "2021" for r in releases(cli, "search", "gpt", "--until", "2021"))


def complete(words: str, cword: int) -> list[str]:
    """What fm offers a bash user for the word at `cword` in `words`."""
    env = {"_FM_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = run_fm(env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("words, expected", [
    ("fm list --sort ", ["name", "release", "parameters", "context"]),
    ("fm list --sort r", ["release"]),
    ("fm list --kind ", ["family", "model", "variant"]),
    ("fm search attention --kind o", ["organization"]),
    ("fm timeline --modality im", ["image"]),
    ("fm list terms --category safe", ["safety-alignment"]),
    ("fm list terms --level ", ["beginner", "intermediate", "advanced"]),
    ("fm list --format ", ["table", "json", "yaml", "csv", "markdown"]),
    ("fm timeline --org open", ["openai"]),
    ("fm why gpt-4 context", ["context_window"]),
])
def test_completion_offers_option_values(words, expected):
    assert complete(words, len(words.split()) - (0 if words.endswith(" ") else 1)) == expected


def test_completion_of_org_offers_every_organization():
    offered = complete("fm list models --org ", 4)
    assert {"meta", "openai", "anthropic", "google-deepmind"} <= set(offered)
    assert offered == sorted(offered)
