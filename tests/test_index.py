import os
import sqlite3
import subprocess
import sys

from fmcli import index as index_module
from fmcli.index import cache_key, open_index
from fmcli.paths import cache_dir, discover

from conftest import model_yaml


def indexes():
    return sorted(cache_dir().glob("index-*.sqlite3"))


def test_first_open_builds_a_cache_file_and_second_reuses_it(monkeypatch):
    files = discover([])
    first = open_index(files)
    assert first.location.endswith(".sqlite3") and len(indexes()) == 1
    built = []
    monkeypatch.setattr(index_module, "_build", lambda *a: built.append(a))
    second = open_index(files)
    assert built == [] and second.document("llama-3")["id"] == "llama-3"


def test_changed_user_data_gets_a_new_index(write):
    path = write("u.yaml", model_yaml("model-one"))
    open_index(discover([str(path)]))
    path.write_text(model_yaml("model-one", "model-two"))
    os.utime(path, ns=(1, 1))  # even an mtime that goes back in time changes the key
    index = open_index(discover([str(path)]))
    assert index.document("model-two") is not None


def test_key_depends_on_path_size_and_mtime(write):
    path = write("u.yaml", model_yaml("model-one"))
    before = cache_key(discover([str(path)]))
    os.utime(path, ns=(5, 5))
    assert cache_key(discover([str(path)])) != before


def test_two_data_sets_sharing_a_file_name_each_get_their_own_answer(write, monkeypatch):
    monkeypatch.setattr(index_module, "index_name", lambda key: "index-collision.sqlite3")
    one = discover([str(write("one.yaml", model_yaml("model-one")))])
    two = discover([str(write("two.yaml", model_yaml("model-two")))])
    assert open_index(one).document("model-one") is not None
    second = open_index(two)
    assert second.document("model-two") is not None and second.document("model-one") is None
    assert open_index(one).document("model-two") is None


def test_search_filters_apply_before_the_limit(write):
    path = write("u.yaml", model_yaml(*[f"attention-model-{n}" for n in range(40)]))
    index = open_index(discover([str(path)]))
    terms = index.search("attention", 5, kinds=("term",))
    assert terms and all(row.kind == "term" for row in terms)
    models = index.search("attention", 50, where="kind = ? AND org = ?", params=("model", "meta"))
    assert {row.id for row in models} >= {f"attention-model-{n}" for n in range(40)}


def test_corrupt_or_foreign_cache_is_rebuilt_with_the_same_answer():
    files = discover([])
    expected = open_index(files).document("gpt-4")
    target = indexes()[0]
    target.write_bytes(b"this is not a database" * 100)
    assert open_index(files).document("gpt-4") == expected
    target.unlink()
    foreign = sqlite3.connect(target)
    foreign.execute("CREATE TABLE meta(key TEXT, value TEXT)")
    foreign.execute("INSERT INTO meta VALUES ('key', 'someone else')")
    foreign.commit()
    foreign.close()
    assert open_index(files).document("gpt-4") == expected


def test_unwritable_cache_answers_from_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("FM_CACHE_DIR", str(blocker / "cache"))  # under a regular file: never writable
    index = open_index(discover([]))
    assert index.location == ":memory:" and index.document("llama-3") is not None


def test_old_indexes_are_pruned(write):
    for n in range(12):
        open_index(discover([str(write(f"u{n}.yaml", model_yaml(f"model-{n}")))]))
    assert len(indexes()) <= index_module.KEEP_INDEXES


def test_search_ranks_names_first_and_never_passes_syntax_through():
    index = open_index(discover([]))
    assert index.search("attention", 5)[0].id in {"attention-mechanism", "self-attention"}
    for hostile in ('"', "NEAR(", "a OR", "*", "-x", "name:x", "'; DROP TABLE entries; --"):
        index.search(hostile, 5)  # no sqlite3.OperationalError
    assert index.search("!!!", 5) == []


def test_concurrent_cold_starts_all_answer(tmp_path):
    code = ("import json,sys; from fmcli.index import open_index; from fmcli.paths import discover; "
            "print(json.dumps(open_index(discover([])).document('llama-3')['id']))")
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ}) for _ in range(6)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert all(out.strip() == b'"llama-3"' for out, _ in outputs)
    assert not list(cache_dir().glob(".index-*.tmp"))
