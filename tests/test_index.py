import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fmcli import index as index_module
from fmcli import paths
from fmcli.index import cache_key, open_index, write_prebuilt
from fmcli.paths import cache_dir, discover

from conftest import model_yaml


def indexes():
    return sorted(cache_dir().glob("index-*.sqlite3"))


@pytest.fixture
def no_prebuilt(tmp_path, monkeypatch):
    """As if fm were installed without a prebuilt index: the bundled data is built into the cache."""
    monkeypatch.setattr(index_module, "prebuilt_dir", lambda: tmp_path / "no-prebuilt")


@pytest.fixture(scope="module")
def _prebuilt_seed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("prebuilt-seed")
    write_prebuilt(folder, discover([]))
    return folder


@pytest.fixture
def prebuilt(tmp_path, monkeypatch, _prebuilt_seed) -> Path:
    """A private copy of the prebuilt index of the bundled data, as the build hook writes it."""
    folder = shutil.copytree(_prebuilt_seed, tmp_path / "prebuilt")
    monkeypatch.setattr(index_module, "prebuilt_dir", lambda: folder)
    return folder / "index.sqlite3"


@pytest.mark.usefixtures("no_prebuilt")
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


@pytest.mark.usefixtures("no_prebuilt")
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


@pytest.mark.usefixtures("no_prebuilt")
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


@pytest.mark.parametrize("user_data", [False, True], ids=["bundled", "with-user-data"])
def test_concurrent_cold_starts_all_answer(tmp_path, write, user_data):
    """Bundled data alone: concurrent checks of the prebuilt index (where the install has one);
    with user data: concurrent builds."""
    extra = [str(write("u.yaml", model_yaml("model-one")))] if user_data else []
    code = ("import json,sys; from fmcli.index import open_index; from fmcli.paths import discover; "
            f"print(json.dumps(open_index(discover({extra!r})).document('llama-3')['id']))")
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ}) for _ in range(6)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert all(out.strip() == b'"llama-3"' for out, _ in outputs)
    assert not list(cache_dir().glob(".index-*.tmp"))


# -- the prebuilt index of the bundled data ---------------------------------------------------

def _never(*args):
    raise AssertionError("fm built or checked an index it should have reused")


def test_bundled_data_alone_is_answered_from_the_prebuilt_index(prebuilt, monkeypatch):
    monkeypatch.setattr(index_module, "_build", _never)
    first = open_index(discover([]))
    assert first.location == str(prebuilt) and first.document("llama-3")["id"] == "llama-3"
    assert indexes() == [] and list(cache_dir().glob("index-*.prebuilt"))
    monkeypatch.setattr(index_module, "content_key", _never)  # checked once, then the marker says so
    assert open_index(discover([])).location == str(prebuilt)


def test_user_data_is_never_answered_from_the_prebuilt_index(prebuilt, write):
    index = open_index(discover([str(write("u.yaml", model_yaml("model-one")))]))
    assert index.location != str(prebuilt) and index.document("model-one") is not None


def test_unwritable_cache_still_uses_the_prebuilt_index(prebuilt, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("FM_CACHE_DIR", str(blocker / "cache"))
    assert open_index(discover([])).location == str(prebuilt)


def _edit_bundled_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the bundled data that fm loads as its bundled data; returns its models.yaml."""
    folder = shutil.copytree(paths.bundled_data_dir(), tmp_path / "bundled", ignore=shutil.ignore_patterns("index.*"))
    monkeypatch.setattr(paths, "bundled_data_dir", lambda: folder)
    return folder / "models.yaml"


def _same_size_edit(path: Path) -> None:
    """Change a summary without changing the file's size or mtime: only its content tells."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Meta Llama 3", "Meta Llama 9", 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


@pytest.mark.parametrize("checked_before", [False, True], ids=["first-run", "after-a-checked-run"])
def test_stale_prebuilt_index_is_never_used(tmp_path, monkeypatch, checked_before):
    models = _edit_bundled_copy(tmp_path, monkeypatch)
    folder = tmp_path / "prebuilt"
    folder.mkdir()
    write_prebuilt(folder, discover([]))
    monkeypatch.setattr(index_module, "prebuilt_dir", lambda: folder)
    if checked_before:
        assert open_index(discover([])).location == str(folder / "index.sqlite3")
        models.write_text(models.read_text(encoding="utf-8").replace("Meta Llama 3", "Meta Llama 9", 1),
                          encoding="utf-8")
    else:
        _same_size_edit(models)
    index = open_index(discover([]))
    assert index.location in {str(p) for p in indexes()}
    assert "Meta Llama 9" in index.document("llama-3")["aliases"]


def _foreign_index(folder: Path) -> None:
    """Another data set's index in its place, the manifest's size made to match it."""
    other = folder.parent / "other"
    other.mkdir()
    models = other / "models.yaml"
    models.write_text(model_yaml("model-one"), encoding="utf-8")
    write_prebuilt(other, discover([str(models)]))
    shutil.copyfile(other / "index.sqlite3", folder / "index.sqlite3")
    manifest = json.loads((folder / "index.json").read_text())
    (folder / "index.json").write_text(json.dumps({**manifest, "size": (folder / "index.sqlite3").stat().st_size}))


DAMAGES = {
    "truncated": lambda folder: (folder / "index.sqlite3").write_bytes((folder / "index.sqlite3").read_bytes()[:8192]),
    "garbage": lambda folder: (folder / "index.sqlite3").write_bytes(b"not a database" * 500),
    "no-manifest": lambda folder: (folder / "index.json").unlink(),
    "garbage-manifest": lambda folder: (folder / "index.json").write_text("{"),
    "foreign-manifest": lambda folder: (folder / "index.json").write_text(json.dumps(
        {**json.loads((folder / "index.json").read_text()), "key": "fm 0.0.0 index 1"})),
    "foreign-index": _foreign_index,
    "no-index": lambda folder: (folder / "index.sqlite3").unlink(),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_prebuilt_index_is_never_used(prebuilt, damage):
    expected = open_index(discover([])).document("gpt-4")  # checked and noted with the intact index
    for marker in cache_dir().glob("index-*.prebuilt"):
        marker.unlink()
    DAMAGES[damage](prebuilt.parent)
    index = open_index(discover([]))
    assert index.location != str(prebuilt) and index.document("gpt-4") == expected


def test_prebuilt_index_replaced_after_the_check_is_checked_again(prebuilt):
    expected = open_index(discover([])).document("gpt-4")
    _foreign_index(prebuilt.parent)
    later = prebuilt.stat().st_mtime_ns + 1_000_000_000
    os.utime(prebuilt, ns=(later, later))  # a new mtime: the marker no longer vouches for it
    index = open_index(discover([]))
    assert index.location != str(prebuilt) and index.document("gpt-4") == expected


def _break_the_entries_table(path: Path) -> None:
    """Garbage over the first page of the entries table, size and header intact: the index opens,
    and reading an entry fails ("database disk image is malformed")."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    root, = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries'").fetchone()
    page_size, = db.execute("PRAGMA page_size").fetchone()
    db.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 64)


def test_a_prebuilt_index_found_damaged_mid_command_is_answered_from_a_build(tmp_path, prebuilt):
    """In a real process: the answer is the right one, and the next run reads the build it left."""
    code = ("import sys; from fmcli import index; from pathlib import Path\n"
            "folder = Path(sys.argv[1])\n"
            "index.prebuilt_dir = lambda: folder\n"
            "sys.argv = ['fm', *sys.argv[2:]]\n"
            "from fmcli.entry import main; main()\n")
    args = [sys.executable, "-c", code, str(prebuilt.parent), "show", "gpt-4", "--json"]
    env = {**os.environ, "FM_CACHE_DIR": str(cache_dir())}
    intact = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert intact.returncode == 0 and indexes() == [], intact.stderr  # answered from the prebuilt index
    _break_the_entries_table(prebuilt)
    for _ in range(2):
        again = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
        assert (again.returncode, again.stdout, again.stderr) == (0, intact.stdout, "")
        assert len(indexes()) == 1


# -- the search tables of a cache build, added when first needed --------------------------------

def _tables(path: str) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()


def _full_index(files) -> index_module.Index:
    """The same data with every table built at once, as the prebuilt index has them."""
    db = sqlite3.connect(":memory:")
    docs, keys = index_module._compile(files)
    index_module.fill(db, docs, keys, "full", search=True)
    return index_module.Index(db, ":memory:", "full")


def _answers(index: index_module.Index) -> tuple:
    return ([row.id for row in index.search("attention", 10)], [row.id for row in index.search("model one", 5)],
            sorted(index.label_words())[:50], sorted(index.labels_with({"lama", "llama"})))


@pytest.fixture
def user_files(write):
    return discover([str(write("u.yaml", model_yaml("model-one")))])


def test_a_lookup_builds_no_search_tables_and_the_first_search_adds_them(user_files, monkeypatch):
    expected = _answers(_full_index(user_files))
    index = open_index(user_files)
    assert index.document("model-one") is not None and index.find("llama3") == "llama-3"
    assert "fts" not in _tables(index.location) and "entries" in _tables(index.location)
    assert _answers(open_index(user_files)) == expected
    assert {"fts", "labels", "label_words", "concepts"} <= _tables(index.location)
    assert len(indexes()) == 1 and not list(cache_dir().glob(".index-*.tmp"))
    monkeypatch.setattr(index_module, "fill_search", _never)  # the next process finds them in place
    assert _answers(open_index(user_files)) == expected


def test_search_tables_are_added_in_the_process_that_built_the_index(user_files):
    index = open_index(user_files)
    assert index.search("attention", 3) and "fts" in _tables(index.location)
    assert index.document("llama-3")["id"] == "llama-3"


def test_an_unwritable_cache_searches_from_temporary_tables(user_files, monkeypatch):
    index = open_index(user_files)

    def refuse(*args):
        raise OSError(30, "Read-only file system")
    monkeypatch.setattr(index_module, "_write", refuse)
    assert _answers(index) == _answers(_full_index(user_files))
    assert "fts" not in _tables(index.location)


@pytest.mark.usefixtures("no_prebuilt")
def test_an_index_in_memory_searches(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("FM_CACHE_DIR", str(blocker / "cache"))
    index = open_index(discover([]))
    assert index.location == ":memory:" and _answers(index) == _answers(_full_index(discover([])))


def test_the_prebuilt_index_has_the_search_tables_and_is_never_written(prebuilt, monkeypatch):
    assert {"fts", "labels", "label_words", "concepts"} <= _tables(str(prebuilt))
    expected = _answers(_full_index(discover([])))
    monkeypatch.setattr(index_module, "_write", _never)
    monkeypatch.setattr(index_module, "fill_search", _never)
    index = open_index(discover([]))
    assert index.location == str(prebuilt) and _answers(index) == expected


def test_concurrent_first_searches_all_answer(user_files):
    path = open_index(user_files).location  # built without the search tables
    paths_arg = [f.path for f in user_files if not f.bundled]
    code = ("import json; from fmcli.index import open_index; from fmcli.paths import discover; "
            f"index = open_index(discover({paths_arg!r})); "
            "print(json.dumps([r.id for r in index.search('attention', 10)] + sorted(index.label_words())[:20]))")
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ}) for _ in range(6)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    full = _full_index(user_files)
    expected = [r.id for r in full.search("attention", 10)] + sorted(full.label_words())[:20]
    assert all(json.loads(out) == expected for out, _ in outputs)
    assert "fts" in _tables(path) and not list(cache_dir().glob(".index-*.tmp"))


def test_a_build_leaves_the_garbage_collector_as_it_found_it(write):
    import gc

    from fmcli.errors import DataError

    assert gc.isenabled()
    open_index(discover([str(write("u.yaml", model_yaml("model-one")))]))
    assert gc.isenabled()
    with pytest.raises(DataError):
        open_index(discover([str(write("bad.yaml", "models:\n  - id: Not An Id\n"))]))
    assert gc.isenabled()
    gc.disable()
    try:
        open_index(discover([str(write("v.yaml", model_yaml("model-two")))]))
        assert not gc.isenabled()
    finally:
        gc.enable()
