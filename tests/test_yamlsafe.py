import pytest

from fmcli import yamlsafe
from fmcli.yamlsafe import MAX_NESTING, YamlError, decode, loads


def test_only_true_and_false_are_booleans():
    data = loads("a: NO\nb: on\nc: yes\nd: true\ne: False\n")
    assert data == {"a": "NO", "b": "on", "c": "yes", "d": True, "e": False}


def test_dates_times_and_octal_stay_as_written():
    data = loads("a: 2023-03-14\nb: 1:30\nc: 0755\nd: 2023-02-30\n")
    assert data == {"a": "2023-03-14", "b": "1:30", "c": 755, "d": "2023-02-30"}


def test_mappings_remember_their_line():
    data = loads("items:\n  - a: 1\n  - b: 2\n")
    assert [item.line for item in data["items"]] == [2, 3]


@pytest.mark.parametrize("text, line, fragment", [
    ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first on line 1)"),
    ("a: &x [1]\nb: *x\n", 2, "aliases"),
    ("a: [\n", 2, "expected"),
    ("a: .nan\nb: .inf\n", None, None),
    ("? [1]\n: 2\n", 1, "keys must be text"),
    ("a: !!python/object:os.system x\n", 1, "tag !!python/object:os.system is not allowed"),
    ("a: !!binary aGk=\n", 1, "tag !!binary is not allowed"),
    ("a: !custom x\n", 1, "tag !custom is not allowed"),
    ("a: !!set {b}\n", 1, "tag !!set is not allowed"),
    ("<<: {a: 1}\n", 1, "merge keys"),
    ("a: !!int x\n", 1, "'x' is not a number"),
    ("a: !!bool yes\n", 1, "'yes' is not true or false"),
    ("a: 1e999\n", 1, "infinity"),
    ("true: x\n", 1, "keys must be text, got True"),
    ("---\na: 1\n---\nb: 2\n", 3, "single document"),
])
def test_bad_documents_raise_one_error_type_with_a_line(text, line, fragment):
    if fragment is None:  # .nan is text under these rules, never a NaN
        assert loads(text) == {"a": ".nan", "b": ".inf"}
        return
    with pytest.raises(YamlError) as info:
        loads(text)
    assert fragment in info.value.message
    assert info.value.line == line


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 999, 5000])  # 5000: past libyaml's own limit, where it has one
@pytest.mark.parametrize("shape", ["[{}]", "{{a: {}}}"])
def test_deep_nesting_is_refused_not_a_recursion_error(depth, shape):
    text = "x"
    for _ in range(depth):
        text = shape.format(text)
    with pytest.raises(YamlError) as info:
        loads(text)
    assert info.value.message == f"nesting too deep (more than {MAX_NESTING} levels)"
    assert info.value.line == 1


def test_nesting_up_to_the_limit_loads():
    assert loads("[" * MAX_NESTING + "]" * MAX_NESTING) is not None


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
              for i in range(20)]
    with pytest.raises(YamlError, match="aliases"):
        loads("\n".join(lines))


def test_decode_names_the_first_bad_byte():
    with pytest.raises(YamlError, match=r"not UTF-8 text \(byte 0xff at offset 8\)") as info:
        decode(b"a: 1\nb: \xff\n")
    assert info.value.line == 2
    assert decode("\ufeffa: 1".encode()) == "a: 1"


def test_size_cap(monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_BYTES", 10)
    with pytest.raises(YamlError, match="larger than"):
        decode(b"x" * 11)


def test_empty_document_is_none():
    assert loads("") is None
    assert loads("# only a comment\n") is None


def test_uses_libyaml_when_pyyaml_has_it():
    import yaml
    assert yamlsafe.WITH_LIBYAML == yaml.__with_libyaml__
