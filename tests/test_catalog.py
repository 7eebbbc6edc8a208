import pytest

from fmcli.catalog import load
from fmcli.errors import DataError
from fmcli.paths import discover

from conftest import model_yaml


def load_with(*paths):
    return load(discover([str(p) for p in paths]))


def problems_of(*paths):
    with pytest.raises(DataError) as info:
        load_with(*paths)
    return info.value.problems


def test_bundled_data_loads():
    catalog = load_with()
    assert "foundation-model" in catalog.terms and "llama-3" in catalog.models and "meta" in catalog.organizations


def test_lookup_keys_are_every_id_name_and_alias_of_the_entries_loaded(write):
    from fmcli.lookup import normalize

    catalog = load_with(write("extra.yaml", model_yaml("my-model") + model_yaml("llama-3").replace("models:\n", "")))
    expected = {normalize(v): e.id for e in catalog.entries() for v in (e.id, e.name, *e.aliases)}
    assert catalog.keys == expected and catalog.keys["mymodel"] == "my-model"
    assert normalize("Meta Llama 3") not in catalog.keys  # the bundled llama-3's alias, replaced with it


def test_user_entries_are_added_and_replace_bundled_ones(write):
    path = write("extra.yaml", model_yaml("my-model") + model_yaml("llama-3").replace("models:\n", ""))
    catalog = load_with(path)
    assert "my-model" in catalog.models
    assert catalog.models["llama-3"].summary == "A test model."  # replaced
    assert catalog.models["llama-3"].origin.file == str(path)


def test_a_folder_of_yaml_files_is_read_in_name_order(write):
    write("a.yaml", model_yaml("model-a"))
    path = write("b.yml", model_yaml("model-b"))
    write("notes.txt", "not data")
    catalog = load_with(path.parent)
    assert {"model-a", "model-b"} <= set(catalog.models)


def test_names_and_aliases_must_be_unique_after_normalising(write):
    path = write("dup.yaml", model_yaml("my-model").replace("aliases: []", "aliases: [LLAMA 3]"))
    problems = problems_of(path)
    assert any(p.entry == "my-model" and p.field == "aliases" and "already used by 'llama-3'" in p.message
               for p in problems)


def test_references_must_exist(write):
    text = model_yaml("my-model", extra={"my-model": "    based_on: [nothing-here]\n    concepts: [not-a-term]\n"
                                                     "    family: llama-3\n"}).replace("organization: meta",
                                                                                     "organization: nobody")
    problems = problems_of(write("refs.yaml", text))
    messages = {p.field: p.message for p in problems}
    assert "'nobody' is not the id of an organization" in messages["organization"]
    org = next(p for p in problems if p.field == "organization")
    assert org.fix == "organizations:\n  - id: nobody\n    name: Nobody\n"  # the three lines that define it
    lines = text.splitlines()
    for p in problems:  # each at the line of its field, not the entry's first line
        assert lines[p.line - 1].strip().startswith(p.field + ":"), p
    assert "nothing-here" in messages["based_on"]
    assert "not-a-term" in messages["concepts"]
    assert "is not the id of a family" in messages["family"]


def test_lineage_cycles_are_found(write):
    text = model_yaml("cyc-a", "cyc-b", extra={"cyc-a": "    based_on: [cyc-b]\n",
                                               "cyc-b": "    based_on: [cyc-a]\n"})
    problems = problems_of(write("cycle.yaml", text))
    assert any("lineage cycle" in p.message and p.field == "based_on" for p in problems)


def test_duplicate_ids_within_one_file(write):
    problems = problems_of(write("twice.yaml", model_yaml("same-id", "same-id")))
    assert any(p.field == "id" and "duplicate id" in p.message for p in problems)


def test_file_level_problems(write):
    assert load_with(write("empty.yaml", "")).terms  # an empty file adds nothing
    assert "mapping" in problems_of(write("list.yaml", "- a\n- b\n"))[0].message
    assert "unknown top-level key" in problems_of(write("key.yaml", "modles: []\n"))[0].message
    bad = problems_of(write("bad.yaml", b"terms:\n  - id: \xff\n"))[0]
    assert "not UTF-8" in bad.message and bad.line == 2


def test_missing_user_path_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read user data path"):
        discover([str(tmp_path / "nope.yaml")])


def test_model_without_variants_needs_size_and_window(write):
    text = model_yaml("bare").replace("    parameters: 7B\n", "").replace("    context_window: 4096\n", "")
    problems = problems_of(write("bare.yaml", text))
    assert {p.field for p in problems} == {"parameters", "context_window"}


def test_a_long_lineage_chain_is_no_recursion_problem(write):
    ids = [f"chain-{n}" for n in range(3000)]
    extra = {i: f"    based_on: [{ids[n - 1]}]\n" for n, i in enumerate(ids) if n}
    catalog = load_with(write("chain.yaml", model_yaml(*ids, extra=extra)))
    assert catalog.models["chain-2999"].facts["based_on"] == ["chain-2998"]


def test_related_organizations_must_exist(write):
    org = ("organizations:\n  - id: my-lab\n    name: My Lab\n    aliases: []\n    summary: A lab.\n"
           "    url: https://example.org\n    related: [{}]\n")
    assert load_with(write("ok.yaml", org.format("google"))).organizations["my-lab"].related == ["google"]
    found = problems_of(write("bad.yaml", org.format("no-such-lab")))
    assert [(p.entry, p.field) for p in found] == [("my-lab", "related")]
    assert [(p.entry, p.field) for p in problems_of(write("self.yaml", org.format("my-lab")))] == [("my-lab", "related")]
