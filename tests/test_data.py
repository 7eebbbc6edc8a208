"""The bundled data: coverage the issues ask for, and the rules validation cannot see alone."""

from collections import Counter

import pytest

from fmcli.catalog import load
from fmcli.paths import discover
from fmcli.vocab import CATEGORIES

CATALOG = load(discover([]))


def test_glossary_coverage():
    assert len(CATALOG.terms) >= 250
    per_category = Counter(t.category for t in CATALOG.terms.values())
    assert all(per_category[c] >= 15 for c in CATEGORIES), per_category


@pytest.mark.parametrize("term", ["foundation-model", "large-language-model", "fine-tuning", "pre-training",
                                  "rlhf", "open-weights", "mixture-of-experts", "retrieval-augmented-generation"])
def test_core_terms_exist(term):
    assert term in CATALOG.terms


def test_catalog_coverage():
    assert len(CATALOG.models) >= 150
    for needed in ("gpt-4", "claude", "llama", "llama-3", "llama-3-8b", "llama-3-70b", "openai", "anthropic", "meta"):
        assert CATALOG.get(needed) is not None, needed


def test_every_entry_cites_http_sources():
    for entry in CATALOG.entries():
        sources = getattr(entry, "sources", [])
        if entry.kind != "organization":
            assert sources, entry.id
        assert all(s.url.startswith(("https://", "http://")) for s in sources), entry.id


def test_variants_hang_under_models_and_families_hold_models():
    for m in CATALOG.models.values():
        if m.kind == "variant":
            assert CATALOG.models[m.parent].kind == "model", m.id
        if m.family:
            assert CATALOG.models[m.family].kind == "family", m.id


def test_terms_are_in_the_glossary_file_and_models_in_the_catalog_file():
    assert all(t.origin.file.endswith("glossary.yaml") for t in CATALOG.terms.values())
    assert all(m.origin.file.endswith("models.yaml") for m in CATALOG.models.values())
