from fmcli.catalog import load
from fmcli.documents import build_documents
from fmcli.paths import discover
from fmcli.views import DASH, compare_blocks, show_card

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
