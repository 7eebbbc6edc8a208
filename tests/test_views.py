from fmcli.catalog import load
from fmcli.documents import build_documents
from fmcli.paths import discover
from fmcli.views import DASH, FACT_ROWS, NOT_RECORDED, OPTIONAL_FACTS, UNDISCLOSED, compare_blocks, members_table, show_card
from fmcli.wording import article, plural

DOCS = build_documents(load(discover([])))


def _row(table, label: str) -> list[str]:
    return next(row[1:] for row in table.rows if row[0] == label)


def test_families_compare_by_what_their_members_share():
    table = compare_blocks([DOCS["gemma"], DOCS["claude"]])[0]
    licenses = _row(table, "license")
    assert licenses[0] == "; ".join(DOCS["gemma"]["aggregate"]["licenses"]) != DASH
    assert "image" in _row(table, "modality")[1]
    assert [row[0] for row in table.rows].index("license") in table.differing


def test_family_card_lists_licenses_and_modality():
    card = show_card(DOCS["llama"], [])
    facts = dict(card.facts)
    assert "Meta Llama 3 Community License" in facts["licenses"]
    assert facts["modality"].endswith("→ text")


# -- one rule for absent facts, one number format, honest ranges (issue 12, section 4) -----------
def _facts(entry_id: str) -> dict[str, str]:
    return dict(show_card(DOCS[entry_id], []).facts)


def test_every_model_card_shows_the_same_facts_in_the_same_order():
    """The core facts always, in one order; the optional ones only where an entry has them."""
    labels = [label for label, name, _ in FACT_ROWS if name not in OPTIONAL_FACTS]
    everything = [label for label, _, _ in FACT_ROWS]
    for entry_id in ("gpt-4", "gpt-4o", "llama-3-70b", "whisper", "alpaca"):
        shown = [label for label, _ in show_card(DOCS[entry_id], []).facts if label in everything]
        assert [label for label in shown if label in labels] == labels, entry_id
        assert shown == [label for label in everything if label in shown], entry_id


def test_absent_facts_follow_one_rule():
    assert _facts("gpt-4")["training tokens"].startswith(UNDISCLOSED)  # the developer did not say
    assert _facts("gpt-4o")["training tokens"] == NOT_RECORDED  # the catalog holds nothing
    assert _facts("whisper")["context window"].startswith(DASH)  # does not apply
    assert "n/a" not in " ".join(v for _, v in show_card(DOCS["whisper"], []).facts)
    assert _facts("claude-3")["parameters"] == UNDISCLOSED  # every tier undisclosed
    assert _facts("claude")["parameters"] == UNDISCLOSED  # a family of undisclosed members
    assert _facts("alphafold")["context window"] == DASH


def test_cards_give_exact_counts_and_tables_one_compact_form():
    assert _facts("gemini-1-5-flash")["context window"].startswith("1,048,576 tokens (1M)")
    assert _facts("gpt-4-1")["context window"].startswith("1,047,576 tokens (1.05M)")
    row = members_table("", [DOCS["gpt-4-1"], DOCS["gemini-1-5-flash"], DOCS["llama-3-70b"]]).rows
    assert [r[5] for r in row] == ["1.05M", "1M", "8K"]


def test_a_family_range_says_what_it_covers():
    coverage = DOCS["gemini"]["aggregate"]["coverage"]["parameters"]
    assert 0 < coverage["stated"] < coverage["entries"]
    shown = _facts("gemini")["parameters"]
    assert shown == (f"1.8B–3.25B (disclosed for {coverage['stated']} of {coverage['entries']} "
                     "models and sizes)")
    assert _facts("llama")["parameters"].count("(") == 0  # every Llama size is disclosed


def test_plurals_and_articles():
    assert [plural(n, "entry", "entries") for n in (0, 1, 2)] == ["0 entries", "1 entry", "2 entries"]
    assert [article(w) for w in ("organization", "model", "family")] == ["an organization", "a model", "a family"]
