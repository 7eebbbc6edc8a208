import json

from fmcli.catalog import load
from fmcli.documents import build_documents
from fmcli.paths import discover

DOCS = build_documents(load(discover([])))


def test_every_document_is_plain_json_with_a_kind():
    for doc in DOCS.values():
        assert doc["kind"] in ("term", "organization", "family", "model", "variant")
        assert json.loads(json.dumps(doc)) == doc


def test_variant_inherits_what_it_does_not_state():
    variant, parent = DOCS["llama-3-8b"], DOCS["llama-3"]
    assert variant["parameters"] == 8 * 10**9
    assert variant["context_window"] == parent["context_window"] == 8192
    assert variant["license"] == parent["license"]
    assert "license" in variant["inherited"] and "parameters" not in variant["inherited"]
    assert variant["organization"] == "Meta" and variant["organization_id"] == "meta"
    assert variant["family"] == "llama"


def test_model_lists_its_variants_and_org_lists_its_models():
    assert set(DOCS["llama-3"]["variants"]) == {"llama-3-8b", "llama-3-70b"}
    assert "llama" in DOCS["meta"]["models"]
    assert "llama-3-8b" not in DOCS["meta"]["models"]  # variants hang under their model


def test_undisclosed_is_null_and_listed():
    gpt4 = DOCS["gpt-4"]
    assert gpt4["parameters"] is None and "parameters" in gpt4["undisclosed"]


def test_mixture_of_experts_parameters():
    params = DOCS["deepseek-v3"]["parameters"]
    assert set(params) == {"total", "active"} and params["total"] > params["active"] > 0


def test_family_aggregates_its_members():
    family = DOCS["llama"]
    agg = family["aggregate"]
    assert agg["first_release"] <= agg["last_release"]
    assert agg["parameters"]["min"] <= 8 * 10**9 <= agg["parameters"]["max"]
    assert "llama-3" in family["models"]
    assert DOCS["llama-3"]["license"] in agg["licenses"] and DOCS["llama-3-8b"]["license"] in agg["licenses"]
    assert "undisclosed" not in agg["licenses"]
    assert set(DOCS["llama-4-scout"]["modality"]["input"]) <= set(agg["modality"]["input"])
    assert agg["modality"]["output"] == ["text"]


def test_a_model_with_variants_spans_their_sizes():
    llama3 = DOCS["llama-3"]
    assert llama3["parameters"] is None and "parameters" not in llama3["undisclosed"]
    assert llama3["aggregate"]["parameters"] == {"min": 8 * 10**9, "max": 70 * 10**9}
    assert "aggregate" not in DOCS["gpt-4o"]  # no variants


def test_terms_list_the_models_that_use_them():
    assert any("mixture-of-experts" in DOCS[m].get("concepts", []) for m in DOCS["mixture-of-experts"]["used_by"])
    assert DOCS["mixture-of-experts"]["used_by"]
