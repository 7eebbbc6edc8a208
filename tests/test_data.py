"""The bundled data: coverage the issues ask for, and the rules validation cannot see alone."""

import re
from collections import Counter
from pathlib import Path

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


def test_every_contrasted_term_is_also_related():
    for term in CATALOG.terms.values():
        assert set(term.contrasts) <= set(term.related), term.id


# Related terms point at each other, except into a broad hub term (benchmark, fine-tuning...)
# whose list already holds RELATED_FULL entries: a card lists a dozen neighbours, not every term
# that mentions the hub.
RELATED_FULL = 12


def test_related_links_go_both_ways_unless_the_target_list_is_full():
    terms = CATALOG.terms
    one_way = [(term.id, other) for term in terms.values() for other in term.related
               if other in terms and term.id not in terms[other].related
               and len(terms[other].related) < RELATED_FULL]
    assert not one_way


# The explainers the project started from sit beside the checkout (shared/seeds); our prose must
# not follow them: no run of eight words in a row may appear in both.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SHINGLE = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _our_prose():
    for term in CATALOG.terms.values():
        for field in ("summary", "definition", "example"):
            yield term.id, field, getattr(term, field) or ""
        for other, text in term.contrasts.items():
            yield term.id, f"contrasts.{other}", text
    for entry in CATALOG.entries():
        if entry.kind != "term":
            yield entry.id, "summary", entry.summary


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_no_eight_word_run_is_shared_with_the_seed_explainers():
    seeds = set().union(*(_shingles(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))))
    assert len(seeds) > 1000  # the seeds were read
    copied = [(entry, field, " ".join(run)) for entry, field, text in _our_prose()
              for run in sorted(_shingles(text) & seeds)]
    assert copied == []


def test_the_shingle_check_catches_a_copied_run():
    source = "Foundation models are trained on broad data at scale and can be adapted to many tasks."
    copied = "As one report put it, models are trained on broad data at scale and can be adapted."
    reworded = "Such models learn from wide data and are later adapted to many separate tasks."
    assert _shingles(copied) & _shingles(source)
    assert not _shingles(reworded) & _shingles(source)
