"""The bundled files' validated entries, kept in the cache folder for rebuilds caused by user data."""

import json
import os
import shutil
from pathlib import Path

import pytest

import fmcli.catalog
import fmcli.entrycache
from fmcli import paths
from fmcli.catalog import load
from fmcli.errors import DataError
from fmcli.paths import cache_dir, discover

from conftest import model_yaml


def kept() -> list[Path]:
    return sorted(cache_dir().glob("entries-*.json"))


@pytest.fixture
def bundled_parse_fails(monkeypatch):
    """From here on, parsing a bundled file fails the test: its entries must come from the cache."""
    original = fmcli.catalog.read_file

    def read_file(data_file, raw=None):
        assert not data_file.bundled, f"parsed {data_file.path} again"
        return original(data_file, raw)
    return lambda: monkeypatch.setattr(fmcli.catalog, "read_file", read_file)


def test_with_user_data_the_bundled_entries_are_kept_and_then_not_parsed_again(write, bundled_parse_fails):
    user = write("u.yaml", model_yaml("model-one"))
    first = load(discover([str(user)]))
    assert len(kept()) == 2  # glossary.yaml and models.yaml
    bundled_parse_fails()
    user.write_text(model_yaml("model-one", "model-two"))
    again = load(discover([str(user)]))
    assert "model-two" in again.models
    assert {i: again.get(i) for i in first.terms} == first.terms  # records, origins and lines alike
    assert {i: again.get(i) for i in first.models if i != "model-two"} == first.models


def test_the_bundled_data_alone_keeps_nothing():
    load(discover([]))
    assert kept() == []


def _bundled_copy(tmp_path, monkeypatch) -> Path:
    folder = shutil.copytree(paths.bundled_data_dir(), tmp_path / "bundled", ignore=shutil.ignore_patterns("index.*"))
    monkeypatch.setattr(paths, "bundled_data_dir", lambda: folder)
    return folder / "models.yaml"


def test_a_bundled_file_edited_in_place_is_parsed_again(tmp_path, monkeypatch, write):
    models = _bundled_copy(tmp_path, monkeypatch)
    user = str(write("u.yaml", model_yaml("model-one")))
    load(discover([user]))
    st = models.stat()
    models.write_text(models.read_text(encoding="utf-8").replace("Meta Llama 3", "Meta Llama 9", 1), encoding="utf-8")
    os.utime(models, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime: only the content tells
    assert models.stat().st_size == st.st_size
    assert "Meta Llama 9" in load(discover([user])).models["llama-3"].aliases


DAMAGES = {
    "garbage": lambda path: path.write_bytes(b"\x00not json" * 100),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:1000]),
    "foreign-key": lambda path: path.write_text(json.dumps({**json.loads(path.read_text()), "key": "other"})),
    "wrong-shape": lambda path: path.write_text(json.dumps({"key": json.loads(path.read_text())["key"],
                                                            "entries": [["models", {"id": 1}]]})),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_entries_file_is_a_miss(write, damage):
    user = str(write("u.yaml", model_yaml("model-one")))
    expected = load(discover([user]))
    for path in kept():
        DAMAGES[damage](path)
    assert load(discover([user])) == expected


def test_a_bundled_file_with_a_problem_is_never_kept(tmp_path, monkeypatch, write):
    models = _bundled_copy(tmp_path, monkeypatch)
    models.write_text(models.read_text(encoding="utf-8").replace("    kind: model\n", "    kind: modell\n", 1),
                      encoding="utf-8")
    user = str(write("u.yaml", model_yaml("model-one")))
    for _ in range(2):
        with pytest.raises(DataError) as info:
            load(discover([user]))
        assert any(p.file == str(models) and p.field == "kind" and p.line for p in info.value.problems)
    assert kept() == []  # kept only once a whole load is valid


def test_problems_found_between_entries_keep_their_lines_with_kept_entries(write, monkeypatch):
    user = write("u.yaml", model_yaml("model-one"))
    load(discover([str(user)]))  # keeps the bundled entries
    clash = model_yaml("llama").replace("name: Llama", "name: Llama Model")  # the family 'llama', now a model
    user.write_text(clash)
    with pytest.raises(DataError) as cached:
        load(discover([str(user)]))
    monkeypatch.setattr(fmcli.entrycache, "cached", lambda key: None)
    with pytest.raises(DataError) as parsed:
        load(discover([str(user)]))
    assert cached.value.problems == parsed.value.problems
    assert any(p.entry == "llama-3" and p.field == "family" and p.line for p in cached.value.problems)


def test_discarding_the_cache_drops_the_kept_entries(write):
    from fmcli.index import discard_cache

    load(discover([str(write("u.yaml", model_yaml("model-one")))]))
    assert kept()
    discard_cache()
    assert kept() == []
