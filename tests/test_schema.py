from fmcli.schema import check_model, check_organization, check_term
from fmcli.yamlsafe import loads

TERM = """
id: tiny-term
name: Tiny term
aliases: [TT]
category: core
level: beginner
summary: A short summary.
definition: A definition.
related: [foundation-model]
sources:
  - title: A source
    url: https://example.org
"""


def fields(problems):
    return {(p.entry, p.field) for p in problems}


def test_a_valid_term_becomes_a_record():
    term, problems = check_term(loads(TERM), "f.yaml")
    assert problems == []
    assert term.id == "tiny-term" and term.aliases == ["TT"] and term.sources[0].url == "https://example.org"


def test_term_problems_name_entry_field_and_line():
    raw = loads(TERM.replace("category: core", "category: cooking").replace("level: beginner", "level: NO")
                + "colour: red\n")
    term, problems = check_term(raw, "f.yaml")
    assert term is None
    assert fields(problems) == {("tiny-term", "category"), ("tiny-term", "level"), ("tiny-term", "colour")}
    lines = {p.field: p.line for p in problems}  # each problem at the line of its field
    assert all(p.file == "f.yaml" for p in problems)
    assert lines == {"category": 5, "level": 6, "colour": TERM.count("\n") + 1}
    assert "unknown field" in str(next(p for p in problems if p.field == "colour"))


def test_summary_length_and_types():
    raw = loads(TERM.replace("A short summary.", "x" * 201).replace("name: Tiny term", "name: true"))
    _, problems = check_term(raw, "f.yaml")
    messages = {p.field: p.message for p in problems}
    assert "at most 200" in messages["summary"]
    assert "boolean" in messages["name"] and "quotes" in messages["name"]


MODEL = """
id: m-1
name: M 1
kind: model
aliases: []
organization: meta
summary: S.
release: "2024-02"
open_weights: false
license: proprietary
parameters: {total: 671B, active: 37B}
context_window: 128K
modality: {input: [text, image], output: [text]}
training_tokens: undisclosed
sources:
  - title: Card
    url: https://example.org/card
    supports: [release, open_weights, license, parameters, context_window, modality]
"""


def test_model_facts_are_normalised():
    model, problems = check_model(loads(MODEL), "f.yaml")
    assert problems == []
    assert model.facts["parameters"] == {"total": 671 * 10**9, "active": 37 * 10**9}
    assert model.facts["context_window"] == 128_000
    assert model.facts["training_tokens"] == "undisclosed"


def test_every_stated_fact_needs_a_supporting_source():
    raw = loads(MODEL.replace("supports: [release, open_weights, license, parameters, context_window, modality]",
                              "supports: [release, license]"))
    _, problems = check_model(raw, "f.yaml")
    assert {p.field for p in problems} == {"open_weights", "parameters", "context_window", "modality"}
    assert all("no source supports" in p.message for p in problems)


def test_bad_fact_values():
    raw = loads(MODEL.replace('"2024-02"', '"2024-02-30"').replace("128K", "lots")
                .replace("[text, image]", "[text, smell]").replace("open_weights: false", "open_weights: no"))
    _, problems = check_model(raw, "f.yaml")
    messages = {p.field: p.message for p in problems}
    assert "not a real date" in messages["release"]
    assert "not a count" in messages["context_window"]
    assert "smell" in messages["modality"]
    assert "true or false" in messages["open_weights"]


def test_unquoted_date_stays_a_string_and_validates():
    model, problems = check_model(loads(MODEL.replace('"2024-02"', "2024-02-15")), "f.yaml")
    assert problems == [] and model.facts["release"] == "2024-02-15"


def test_active_cannot_exceed_total():
    _, problems = check_model(loads(MODEL.replace("active: 37B", "active: 700B")), "f.yaml")
    assert "exceed" in problems[0].message


def test_variant_needs_little_and_model_cannot_have_parent():
    variant = "id: v\nname: V\nkind: variant\nparent: m-1\nsummary: S.\nparameters: 8B\n" \
              "sources: [{title: T, url: 'https://e.org', supports: [parameters]}]\n"
    record, problems = check_model(loads(variant), "f.yaml")
    assert problems == [] and record.parent == "m-1" and record.facts == {"parameters": 8 * 10**9}
    _, problems = check_model(loads(MODEL + "parent: other\n"), "f.yaml")
    assert ("m-1", "parent") in fields(problems)


def test_unknown_kind_and_organization_url():
    _, problems = check_model(loads(MODEL.replace("kind: model", "kind: robot")), "f.yaml")
    assert "not one of: family, model, variant" in problems[0].message
    org, problems = check_organization(loads("id: o\nname: O\naliases: []\nsummary: S.\nurl: ftp://x\n"), "f.yaml")
    assert org is None and problems[0].field == "url"


def test_supports_items_that_are_not_fact_names():
    """A list or mapping inside 'supports' is a problem on that line, not a crash; the facts
    it names correctly still count."""
    raw = loads(MODEL.replace("supports: [release, open_weights, license, parameters, context_window, modality]",
                              "supports: [release, [open_weights], {a: 1}, 5, licence, parameters, context_window,"
                              " modality, open_weights]"))
    model, problems = check_model(raw, "f.yaml")
    assert model is None
    assert [(p.field, p.line, p.message[:28]) for p in problems] == [
        ("sources", 18, "'supports' names '['open_wei"), ("sources", 18, "'supports' names '{'a': 1}',"),
        ("sources", 18, "'supports' names '5', not on"), ("sources", 18, "'supports' names 'licence' (")]
    assert "(did you mean 'license'?)" in problems[3].message


def test_unknown_source_fields_and_missing_required_ones_in_schema_order():
    raw = loads(MODEL.replace("    url: https://example.org/card\n",
                              "    url: https://example.org/card\n    pages: 3\n    note: x\n")
                .replace("name: M 1\n", "").replace("kind: model\n", "kind: model\nsize: 7\n"))
    _, problems = check_model(raw, "f.yaml")
    assert [(p.field, p.line, p.message.split(" (")[0]) for p in problems] == [
        ("name", 2, "missing required field"), ("size", 4, "unknown field"),
        ("sources", 18, "unknown source field 'pages'"), ("sources", 19, "unknown source field 'note'")]
