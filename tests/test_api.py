import pytest

from fmcli.api import ListFilters, Reference
from fmcli.errors import NotFoundError, UsageProblem
from fmcli.vocab import release_date


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    import os
    os.environ["FM_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    return Reference.open([])


@pytest.mark.parametrize("query", ["llama3", "Llama 3", "LLAMA-3", "Meta Llama 3"])
def test_resolve_normalised_names(ref, query):
    assert ref.resolve(query, prefer="catalog", exact_only=True).document["id"] == "llama-3"


def test_a_person_gets_the_one_clear_candidate_a_script_does_not(ref):
    found = ref.resolve("lama 3", prefer="catalog", exact_only=False)
    assert found.guessed and found.document["id"] == "llama-3"
    with pytest.raises(NotFoundError) as info:
        ref.resolve("lama 3", prefer="catalog", exact_only=True)
    assert info.value.suggestions[0] == "llama-3"


def test_empty_query_is_a_usage_problem(ref):
    with pytest.raises(UsageProblem):
        ref.resolve("  -_. ", prefer="term", exact_only=False)


def test_very_long_queries_are_not_fuzzed(ref):
    with pytest.raises(NotFoundError) as info:
        ref.resolve("x" * 20000, prefer="term", exact_only=False)
    assert info.value.suggestions == [] and len(info.value.message) < 200


def test_compare_needs_two_of_one_kind(ref):
    assert [r.document["id"] for r in ref.compare(["gpt-4", "claude"], exact_only=True)] == ["gpt-4", "claude"]
    with pytest.raises(UsageProblem, match="at least two"):
        ref.compare(["gpt-4"], exact_only=True)
    with pytest.raises(UsageProblem, match="mix"):
        ref.compare(["gpt-4", "rlhf"], exact_only=True)


def test_listing_filters(ref):
    meta_open = ref.listing("models", ListFilters(org="meta", open_weights=True))
    assert meta_open and all(r.doc["organization_id"] == "meta" and r.doc["open_weights"] for r in meta_open)
    terms = ref.listing("terms", ListFilters(category="evaluation"))
    assert len(terms) >= 15 and {r.kind for r in terms} == {"term"}
    recent = ref.listing("models", ListFilters(since="2024", sort="release"))
    releases = [release_date(r.doc) for r in recent]  # a model never released stands at its announcement
    assert all(r >= "2024" for r in releases) and releases == sorted(releases, reverse=True)
    big = ref.listing("models", ListFilters(params="60b..80b"))
    totals = [p["total"] if isinstance(p, dict) else p for p in (r.doc["parameters"] for r in big)]
    assert big and all(60e9 <= total <= 80e9 for total in totals)  # --params compares a mixture's total
    moe = ref.listing("models", ListFilters(moe=True))
    assert moe and all(isinstance(r.doc["parameters"], dict) for r in moe)
    long = ref.listing("models", ListFilters(min_context="1M"))
    assert long and all(r.doc["context_window"] >= 1_000_000 for r in long)
    apache = ref.listing("models", ListFilters(license="apache-2.0"))
    assert apache and all("apache" in r.doc["license"].lower() for r in apache)
    vision = ref.listing("models", ListFilters(modality="image"))
    assert vision and all("image" in r.doc["modality"]["input"] + r.doc["modality"]["output"] for r in vision)


@pytest.mark.parametrize("filters, message", [
    (ListFilters(category="cooking"), "unknown --category"),
    (ListFilters(sort="colour"), "unknown --sort"),
    (ListFilters(since="last year"), "--since"),
    (ListFilters(params="big"), "--params"),
    (ListFilters(modality="smell"), "unknown --modality"),
])
def test_listing_rejects_bad_filters(ref, filters, message):
    with pytest.raises(UsageProblem, match=message):
        ref.listing("all", filters)


def test_term_filters_do_not_apply_to_models(ref):
    with pytest.raises(UsageProblem):
        ref.listing("models", ListFilters(category="core"))


def test_why_reports_status_and_sources(ref):
    inherited = ref.why("llama-3-8b", "context", exact_only=True)
    assert inherited.status == "inherited" and inherited.from_id == "llama-3" and inherited.sources
    stated = ref.why("llama-3-8b", "parameters", exact_only=True)
    assert stated.status == "stated" and all("parameters" in s["supports"] for s in stated.sources)
    assert ref.why("gpt-4", "parameters", exact_only=True).status == "undisclosed"
    with pytest.raises(UsageProblem, match="not a fact field"):
        ref.why("gpt-4", "colour", exact_only=True)
    with pytest.raises(UsageProblem, match="family"):
        ref.why("llama", "release", exact_only=True)


def test_search_kinds_and_limits(ref):
    rows = ref.search("llama", limit=3, kind="model")
    assert 0 < len(rows) <= 3 and all(r.kind in ("family", "model", "variant") for r in rows)
    with pytest.raises(UsageProblem):
        ref.search("   ", limit=3, kind=None)
    with pytest.raises(UsageProblem):
        ref.search("x", limit=0, kind=None)


@pytest.mark.parametrize("query", ["llama 4", "Llama-4", "LLAMA4"])
def test_a_generation_name_reaches_the_generation_and_its_tiers(ref, query):
    doc = ref.resolve(query, prefer="catalog", exact_only=True).document
    assert doc["id"] == "llama-4" and doc["kind"] == "model"
    assert set(doc["variants"]) == {"llama-4-scout", "llama-4-maverick", "llama-4-behemoth"}
    scout = ref.resolve("llama 4 scout", prefer="catalog", exact_only=True).document
    assert scout["parent"] == "llama-4" and scout["license"] == doc["license"]


@pytest.mark.parametrize("query, wanted, unwanted", [
    ("opus", {"claude-3-opus", "claude-opus-4"}, {"corpus", "gpu", "tpu"}),
    ("spacetime", {"sora", "text-to-video"}, {"grok", "gpt-4o"}),  # no name has it: full-text hits
    ("redact", set(), {"eu-ai-act"}),
    ("gemini 2.5", {"gemini-2-5-pro", "gemini-2-5-flash"}, {"gemini"}),
])
def test_did_you_mean_offers_entries_sharing_words(ref, query, wanted, unwanted):
    with pytest.raises(NotFoundError) as info:
        ref.resolve(query, prefer="catalog", exact_only=True)
    offered = set(info.value.suggestions)
    assert wanted <= offered and not offered & unwanted
