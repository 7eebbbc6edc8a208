"""The optional model facts: announced / unreleased, max output, capabilities, deprecation and
retirement, weights and notes, through validation, documents, index filters, views and `fm why`."""

import json
import textwrap

import pytest

from fmcli.catalog import load
from fmcli.documents import build_documents
from fmcli.errors import DataError
from fmcli.paths import DataFile
from fmcli.views import compare_blocks, members_table, show_card, timeline_table, why_card

ZED = textwrap.dedent("""\
    organizations:
      - id: zed-lab
        name: Zed Lab
        aliases: []
        summary: A test lab.
        url: https://example.org/zed
    models:
      - id: zed
        name: Zed
        kind: family
        aliases: []
        organization: zed-lab
        summary: The Zed models.
        sources: [{title: Zed overview, url: "https://example.org/zed/family"}]
      - id: zed-palm
        name: Zed Palm
        kind: model
        family: zed
        aliases: []
        organization: zed-lab
        summary: Announced in a paper, never served.
        release: unreleased
        announced: 2022-04-04
        open_weights: false
        license: proprietary
        parameters: 540B
        context_window: 2048
        modality: {input: [text], output: [text]}
        sources:
          - title: Zed Palm paper
            url: https://example.org/zed/palm
            supports: [release, announced, open_weights, license, parameters, context_window, modality]
      - id: zed-chat
        name: Zed Chat
        kind: model
        family: zed
        aliases: []
        organization: zed-lab
        summary: An API model, now retired.
        release: 2023-03-01
        announced: 2023-02
        open_weights: false
        license: proprietary
        parameters: undisclosed
        context_window: 16385
        max_output_tokens: 4K
        capabilities: [tool-use, reasoning]
        deprecated: 2024-01-04
        retired: 2024-06-13
        notes: A later snapshot raised the window to 16,385 tokens.
        sources:
          - title: Zed Chat docs
            url: https://example.org/zed/chat
            supports: [release, announced, open_weights, license, parameters, context_window,
                       max_output_tokens, capabilities, modality]
          - title: Zed deprecations
            url: https://example.org/zed/deprecations
            supports: [deprecated, retired]
        modality: {input: [text], output: [text]}
      - id: zed-chat-mini
        name: Zed Chat Mini
        kind: variant
        parent: zed-chat
        summary: The small tier.
        sources: [{title: Zed Chat Mini, url: "https://example.org/zed/mini", supports: []}]
      - id: zed-open
        name: Zed Open
        kind: model
        family: zed
        aliases: []
        organization: zed-lab
        summary: Open weights, still served.
        release: 2025-05-06
        open_weights: true
        license: Apache-2.0
        context_window: 128K
        max_output_tokens: 32768
        capabilities: [structured-output]
        retired: 2999-01-01
        weights: https://huggingface.co/zed-lab/zed-open
        modality: {input: [text], output: [text]}
        sources:
          - title: Zed Open card
            url: https://huggingface.co/zed-lab/zed-open
            supports: [release, open_weights, license, context_window, max_output_tokens, capabilities,
                       retired, weights, modality]
      - id: zed-open-small
        name: Zed Open Small
        kind: variant
        parent: zed-open
        parameters: 7B
        summary: The small size.
        sources: [{title: Zed Open Small card, url: "https://example.org/zed/small", supports: [parameters]}]
""")


def load_zed(tmp_path, text: str = ZED, bundled: bool = False):
    path = tmp_path / "zed.yaml"
    path.write_text(text, encoding="utf-8")
    return load([DataFile(str(path), 0, 0, bundled)])


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return build_documents(load_zed(tmp_path_factory.mktemp("zed")))


def problems(tmp_path, text: str, bundled: bool = False) -> dict:
    with pytest.raises(DataError) as info:
        load_zed(tmp_path, text, bundled)
    return {(p.entry, p.field): p.message for p in info.value.problems}


# -- validation -----------------------------------------------------------------------------
def test_new_facts_are_normalised(tmp_path):
    chat = load_zed(tmp_path).models["zed-chat"]
    assert chat.facts["max_output_tokens"] == 4000
    assert chat.facts["capabilities"] == ["reasoning", "tool-use"]  # the vocabulary's order
    assert chat.facts["release"] == "2023-03-01" and chat.facts["announced"] == "2023-02"
    assert chat.notes.startswith("A later snapshot")


def test_an_unreleased_model_needs_announced_and_no_release_date(tmp_path):
    found = problems(tmp_path, ZED.replace("    announced: 2022-04-04\n", ""))
    assert "needs 'announced'" in found[("zed-palm", "release")]
    found = problems(tmp_path, ZED.replace("release: unreleased", "release: unreleased-ish"))
    assert ("zed-palm", "release") in found


def test_announced_after_release_fails_at_the_precision_both_give(tmp_path):
    found = problems(tmp_path, ZED.replace("announced: 2023-02", "announced: 2023-04-01"))
    assert "after the release '2023-03-01'" in found[("zed-chat", "announced")]
    load_zed(tmp_path, ZED.replace("announced: 2023-02", "announced: 2023-03"))  # the same month: fine
    load_zed(tmp_path, ZED.replace("announced: 2023-02", "announced: 2023-03-15")
             .replace("release: 2023-03-01", "release: 2023-03"))


def test_max_output_above_the_window_fails_inherited_too(tmp_path):
    found = problems(tmp_path, ZED.replace("max_output_tokens: 4K", "max_output_tokens: 32K"))
    assert "exceeds the context window 16385" in found[("zed-chat", "max_output_tokens")]
    mini = ZED.replace("    summary: The small tier.\n", "    summary: The small tier.\n    context_window: 2048\n") \
              .replace('"https://example.org/zed/mini", supports: []', '"https://example.org/zed/mini", '
                       'supports: [context_window]')
    found = problems(tmp_path, mini)
    assert found == {("zed-chat-mini", "max_output_tokens"):
                     "4000 (inherited from zed-chat) exceeds the context window 2048"}


def test_unknown_capability_fails_with_the_allowed_list(tmp_path):
    found = problems(tmp_path, ZED.replace("[tool-use, reasoning]", "[tool-use, telepathy]"))
    message = found[("zed-chat", "capabilities")]
    assert "'telepathy'" in message and "reasoning, tool-use, structured-output, fine-tuning, computer-use, " \
                                       "web-search" in message
    assert "twice" in problems(tmp_path, ZED.replace("[tool-use, reasoning]", "[tool-use, tool-use]"))[
        ("zed-chat", "capabilities")]


@pytest.mark.parametrize("edits, field, words", [
    ({"retired: 2024-06-13": "retired: 2023-12-01"}, "retired", "before the deprecation"),
    ({"deprecated: 2024-01-04": "deprecated: 2022-01-04"}, "deprecated", "before the release"),
    ({"open_weights: true": "open_weights: false"}, "weights", "open_weights is false"),
    ({"weights: https://huggingface.co/zed-lab/zed-open": "weights: huggingface.co/zed-lab"}, "weights", "http(s)"),
    ({"    announced: 2022-04-04\n": "    announced: 2022-04-04\n    retired: 2023-01-01\n",
      "[release, announced, open_weights,": "[release, announced, retired, open_weights,"}, "retired",
     "never served"),
])
def test_dates_and_weights_must_agree(tmp_path, edits, field, words):
    text = ZED
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    found = problems(tmp_path, text)
    assert any(f == field and words in message for (_, f), message in found.items()), found


def test_every_new_fact_needs_a_supporting_source(tmp_path):
    """In the bundled data (a user's own file is the source of what it states unsourced)."""
    found = problems(tmp_path, ZED.replace("max_output_tokens, capabilities, modality]", "modality]")
                     .replace("supports: [deprecated, retired]", "supports: [deprecated]"), bundled=True)
    chat = {k: m for k, m in found.items() if k[0] == "zed-chat"}
    assert set(chat) == {("zed-chat", "max_output_tokens"), ("zed-chat", "capabilities"), ("zed-chat", "retired")}
    assert all("no source supports" in m for m in chat.values())


# -- documents (the JSON contract) ----------------------------------------------------------
MODEL_KEYS = {
    "kind", "id", "name", "aliases", "summary", "organization", "organization_id", "family", "parent",
    "release", "announced", "open_weights", "license", "parameters", "context_window", "max_output_tokens",
    "modality", "capabilities", "training_tokens", "knowledge_cutoff", "architecture", "based_on",
    "deprecated", "retired", "weights", "concepts", "notes", "provider_ids", "variants", "derived", "inherited",
    "undisclosed", "not_applicable", "sources",
}
FAMILY_KEYS = {"kind", "id", "name", "aliases", "summary", "organization", "organization_id", "models",
               "concepts", "notes", "aggregate", "sources"}
AGGREGATE_KEYS = {"first_release", "last_release", "parameters", "context_window", "max_output_tokens",
                  "open_weights", "licenses", "modality", "capabilities", "coverage"}


def test_document_key_sets(docs):
    assert set(docs["zed-palm"]) == MODEL_KEYS
    assert set(docs["zed-chat"]) == MODEL_KEYS | {"aggregate"}  # it has a variant
    assert set(docs["zed"]) == FAMILY_KEYS and set(docs["zed"]["aggregate"]) == AGGREGATE_KEYS


def test_bundled_documents_keep_the_key_sets():
    from fmcli.paths import discover
    for doc in build_documents(load(discover([]))).values():
        if doc["kind"] in ("model", "variant"):
            assert set(doc) - {"aggregate"} == MODEL_KEYS, doc["id"]
        elif doc["kind"] == "family":
            assert set(doc) == FAMILY_KEYS and set(doc["aggregate"]) == AGGREGATE_KEYS, doc["id"]


def test_json_values(docs):
    palm, chat, open_ = docs["zed-palm"], docs["zed-chat"], docs["zed-open"]
    assert palm["release"] == "unreleased" and palm["announced"] == "2022-04-04"
    assert palm["max_output_tokens"] is None and palm["capabilities"] is None and palm["weights"] is None
    assert chat["max_output_tokens"] == 4000 and chat["capabilities"] == ["reasoning", "tool-use"]
    assert chat["deprecated"] == "2024-01-04" and chat["retired"] == "2024-06-13"
    assert open_["context_window"] == 128000 and open_["weights"] == "https://huggingface.co/zed-lab/zed-open"
    assert json.loads(json.dumps(palm)) == palm


def test_variants_inherit_the_new_facts_except_weights_and_notes(docs):
    mini, small = docs["zed-chat-mini"], docs["zed-open-small"]
    assert mini["max_output_tokens"] == 4000 and mini["capabilities"] == ["reasoning", "tool-use"]
    assert mini["retired"] == "2024-06-13" and mini["announced"] == "2023-02"
    assert {"max_output_tokens", "capabilities", "retired", "deprecated"} <= set(mini["inherited"])
    assert mini["notes"] is None
    assert small["weights"] is None and "weights" not in small["inherited"]


def test_family_aggregates_capabilities_and_output_range(docs):
    agg = docs["zed"]["aggregate"]
    assert agg["capabilities"] == ["reasoning", "tool-use", "structured-output"]
    assert agg["max_output_tokens"] == {"min": 4000, "max": 32768}
    assert (agg["first_release"], agg["last_release"]) == ("2023-03-01", "2025-05-06")  # unreleased: no release
    assert docs["zed"]["models"] == ["zed-palm", "zed-chat", "zed-open"]  # by release, unreleased by announcement


# -- views ----------------------------------------------------------------------------------
def test_card_of_an_unreleased_model(docs):
    facts = dict(show_card(docs["zed-palm"], []).facts)
    assert facts["release"] == "announced 2022-04-04 · never publicly released [1]"
    assert "announced" not in facts


def test_card_of_a_retired_model_with_its_new_facts(docs):
    card = show_card(docs["zed-chat"], [docs["zed-chat-mini"]])
    facts = dict(card.facts)
    assert card.badge == "model · Zed Lab · retired"
    assert facts["retired"] == "2024-06-13 [2]" and facts["deprecated"] == "2024-01-04 [2]"
    assert facts["announced"] == "2023-02 [1]" and facts["max output"] == "4,000 tokens (4K) [1]"
    assert facts["capabilities"] == "reasoning, tool-use [1]"
    assert ("Notes", "A later snapshot raised the window to 16,385 tokens.") in card.sections
    assert card.tables[0].rows[0][3] == "2023-03-01 (retired)"  # the variant inherits the retirement


def test_card_shows_the_weights_and_a_scheduled_retirement(docs):
    card = show_card(docs["zed-open"], [docs["zed-open-small"]])
    facts = dict(card.facts)
    assert facts["weights"] == "https://huggingface.co/zed-lab/zed-open [1]"
    assert facts["retired"] == "2999-01-01 (scheduled) [1]" and "retired" not in card.badge
    assert "weights" not in dict(show_card(docs["zed-open-small"], []).facts)


def test_family_card_shows_capabilities_and_output_range(docs):
    facts = dict(show_card(docs["zed"], []).facts)
    assert facts["capabilities"] == "reasoning, tool-use, structured-output" and facts["max output"] == "4K–32K"


def test_compare_adds_the_new_rows_only_where_known(docs):
    table = compare_blocks([docs["zed-chat"], docs["zed-open"]])[0]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["max output"] == ["4K", "32K"] and rows["weights"] == ["—", "https://huggingface.co/zed-lab/zed-open"]
    assert rows["notes"][0].startswith("A later snapshot")
    assert "announced" in rows and "capabilities" in rows
    plain = {row[0] for row in compare_blocks([docs["zed-palm"], docs["zed-palm"]])[0].rows}
    assert not plain & {"max output", "capabilities", "deprecated", "retired", "weights", "notes"}
    assert "announced" in plain


def test_lists_mark_unreleased_and_retired(docs):
    rows = members_table("", [docs["zed-palm"], docs["zed-chat"], docs["zed-open"]]).rows
    assert [r[3] for r in rows] == ["announced 2022-04-04", "2023-03-01 (retired)", "2025-05-06"]


# -- the command line: filters, timeline, why, JSON -----------------------------------------
@pytest.fixture
def zed_path(tmp_path):
    path = tmp_path / "zed.yaml"
    path.write_text(ZED, encoding="utf-8")
    return str(path)


def ids(cli, *args: str) -> list[str]:
    result = cli(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return [r["id"] for r in json.loads(result.stdout)["results"]]


def test_capability_and_min_output_filters(cli, zed_path):
    data = ("--data", zed_path, "--org", "zed-lab")
    assert ids(cli, "list", "models", *data, "--capability", "reasoning") == ["zed-chat", "zed-chat-mini"]
    assert ids(cli, "list", "models", *data, "--capability", "reasoning,tool-use", "--capability", "reasoning") \
        == ["zed-chat", "zed-chat-mini"]
    assert ids(cli, "list", "models", *data, "--capability", "reasoning", "--capability", "structured-output") == []
    assert ids(cli, "list", "models", *data, "--min-output", "32k") == ["zed-open", "zed-open-small"]
    assert ids(cli, "search", "zed", *data, "--capability", "structured-output") == ["zed-open", "zed-open-small"]
    for bad in ("telepathy", ","):
        result = cli("list", "models", *data, "--capability", bad)
        assert result.exit_code == 2 and "reasoning, tool-use" in result.stderr, bad


def test_served_keeps_models_not_retired_and_released(cli, zed_path):
    served = ids(cli, "list", "models", "--data", zed_path, "--org", "zed-lab", "--served")
    assert served == ["zed-open", "zed-open-small"]  # zed-open retires in 2999


def test_unreleased_models_sort_and_filter_by_announcement(cli, zed_path):
    data = ("--data", zed_path, "--org", "zed-lab", "--kind", "model")
    assert ids(cli, "list", "models", *data, "--sort", "release") == ["zed-open", "zed-chat", "zed-palm"]
    assert ids(cli, "list", "models", *data, "--since", "2022") == ["zed-chat", "zed-open", "zed-palm"]
    assert ids(cli, "list", "models", *data, "--since", "2023") == ["zed-chat", "zed-open"]
    results = json.loads(cli("list", "models", *data, "--since", "2022", "--json").stdout)["results"]
    palm = next(r for r in results if r["id"] == "zed-palm")
    assert palm["release"] == "unreleased" and palm["announced"] == "2022-04-04"
    assert {"max_output_tokens", "capabilities", "deprecated", "retired"} <= set(palm)


def test_timeline_places_an_unreleased_model_at_its_announcement(cli, zed_path):
    assert ids(cli, "timeline", "--data", zed_path, "--org", "zed-lab") == ["zed-palm", "zed-chat", "zed-open"]
    text = cli("timeline", "--data", zed_path, "--org", "zed-lab").stdout
    assert text.startswith("3 releases:\n") and "announced 2022-04-04\tzed-palm" in text
    assert "2023-03-01 (retired)\tzed-chat" in text


def test_timeline_table_shows_the_announcement_of_an_unreleased_model(docs):
    from fmcli.index import Row
    rows = [Row(i, docs[i]["kind"], docs[i]["name"], "", docs[i]) for i in ("zed-palm", "zed-chat")]
    assert [r[0] for r in timeline_table(rows).rows] == ["announced 2022-04-04", "2023-03-01 (retired)"]


def test_why_explains_the_new_facts(cli, zed_path):
    why = json.loads(cli("why", "zed-chat-mini", "max_output_tokens", "--data", zed_path, "--json").stdout)
    assert why["value"] == 4000 and why["status"] == "inherited" and why["from"] == "zed-chat"
    assert why["sources"][0]["title"] == "Zed Chat docs"
    why = json.loads(cli("why", "zed-open", "weights", "--data", zed_path, "--json").stdout)
    assert why["value"] == "https://huggingface.co/zed-lab/zed-open" and why["status"] == "stated"
    why = json.loads(cli("why", "zed-palm", "max-output", "--data", zed_path, "--json").stdout)
    assert why["field"] == "max_output_tokens" and why["status"] == "absent"
    text = cli("why", "zed-palm", "release", "--data", zed_path).stdout
    assert "announced 2022-04-04 · never publicly released" in text


def test_why_card_formats_capabilities(docs):
    from fmcli.api import WhyAnswer
    card = why_card(WhyAnswer(docs["zed-chat"], "capabilities", ["reasoning", "tool-use"], "stated", [], "zed-chat"))
    assert dict(card.facts)["value"] == "reasoning, tool-use"


def test_show_end_to_end(zed_path):
    from conftest import run_fm
    done = run_fm("show", "zed-palm", "--data", zed_path)
    assert done.returncode == 0, done.stderr
    assert "release: announced 2022-04-04 · never publicly released [1]" in done.stdout
    done = run_fm("show", "zed-chat", "--data", zed_path, "--json")
    doc = json.loads(done.stdout)
    assert doc["max_output_tokens"] == 4000 and doc["notes"] and doc["retired"] == "2024-06-13"
