"""The SQLite index: validated documents compiled once, read per query.

Keyed by fm's version and each data file's path, size and mtime (one stat() per file, no
hashing or parsing on the hot path). Built into a temporary file and renamed into place, so
concurrent processes never see half an index; built in memory when the cache cannot be written.
A corrupt or foreign file is treated as missing.

The bundled data alone is answered from the index compiled when fm was built (hatch_build.py),
read in place. The first time a cache key is seen it is checked against its manifest: the
bundled files by content (sizes and checksums), the index file by its size, and the key stored
inside it; a marker beside the cached indexes records that check for the next runs. A stale or
foreign one is never used: the index is then built into the cache as without it. Like a cached
index, it is not checksummed whole (at 4x today's data that alone took a first run past 1.3x
a warm one); a command that finds it damaged (SQLite or JSON errors) is answered again from a
build (discard_cache).

A cache build leaves out the search tables (full text, and the labels for typo suggestions): an
exact lookup never reads them, and they were about half of a cold build. The first search or
suggestion adds them to a copy of the index renamed into place (or, where the cache cannot be
written, to this connection's temporary schema). The prebuilt index has them from the start.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from fmcli import __version__
from fmcli.paths import PREBUILT_INDEX, PREBUILT_MANIFEST, DataFile, cache_dir, prebuilt_dir
from fmcli.vocab import release_date

INDEX_FORMAT = 11
# bm25 column weights: id (unsearched), name, aliases, summary, concepts (the names of the terms a
# model embodies), facts (open weights, modalities, organization), body (definitions, examples).
BM25_WEIGHTS = "0, 10.0, 8.0, 3.0, 2.0, 1.5, 1.0"
KEEP_INDEXES = 8

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries(
    id TEXT PRIMARY KEY, ord INTEGER, kind TEXT NOT NULL, name TEXT NOT NULL, summary TEXT,
    category TEXT, level TEXT, org TEXT, family TEXT, parent TEXT, release TEXT, dated TEXT,
    open_weights INTEGER, params INTEGER, params_active INTEGER, moe INTEGER, context INTEGER,
    max_output INTEGER, modality TEXT, capabilities TEXT, retired TEXT, license TEXT, doc TEXT NOT NULL);
CREATE TABLE keys(key TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
"""
# The lookup keys are one b-tree (WITHOUT ROWID): a lookup reads the key's page and no table row,
# and a build fills one tree instead of a table and its index.
# Read only by a search or a suggestion; {s} is the schema ("main", or "temp" where the index
# cannot be written), {v} the schema argument fts5vocab takes in "temp" alone.
_SEARCH_SCHEMA = """
CREATE TABLE {s}.concepts(id TEXT PRIMARY KEY, terms TEXT NOT NULL);
CREATE VIRTUAL TABLE {s}.labels USING fts5(id UNINDEXED, label UNINDEXED, words,
    tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE {s}.label_words USING fts5vocab({v}labels, 'row');
CREATE VIRTUAL TABLE {s}.fts USING fts5(id UNINDEXED, name, aliases, summary, concepts, facts, body,
    tokenize='unicode61 remove_diacritics 2');
"""


def cache_key(files: list[DataFile]) -> str:
    """What an index was built from: fm's version and each file's path, size and mtime."""
    parts = [f"fm {__version__} index {INDEX_FORMAT}"]
    parts += [f"{f.path}\0{f.size}\0{f.mtime_ns}" for f in files]
    return "\n".join(parts)


def content_key(files: list[DataFile]) -> str:
    """What a prebuilt index was built from: fm's version and each file's name, size and content
    checksum (paths and mtimes differ between the build and an install)."""
    parts = [f"fm {__version__} index {INDEX_FORMAT}"]
    for f in files:
        with open(f.path, "rb") as handle:
            data = handle.read()
        parts.append(f"{os.path.basename(f.path)}\0{len(data)}\0{checksum([data])}")
    return "\n".join(parts)


def checksum(chunks: Iterable[bytes]) -> str:
    """crc32 of the bytes: it catches an edited line or a damaged byte (sizes are compared too) at
    a fraction of a first run's budget (8.8 MB of YAML at 4x today's data); hashlib's import alone
    costs more than a whole lookup."""
    crc = 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
    return f"{crc:08x}"


def index_name(key: str) -> str:
    """A file name for the key. The full key is stored in the index and compared on open, so a
    checksum is enough here (a collision costs a rebuild, never a wrong answer); hashlib's import
    alone costs more than a whole lookup."""
    data = key.encode("utf-8", "surrogatepass")
    return f"index-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.sqlite3"


class Row(NamedTuple):
    """One line of a listing or search result."""

    id: str
    kind: str
    name: str
    summary: str
    doc: dict


class Index:
    def __init__(self, connection: sqlite3.Connection, location: str, key: str,
                 docs: dict[str, dict] | None = None, cached: bool = False) -> None:
        self.db = connection
        self.location = location
        self.key = key
        self.cached = cached  # a file in the cache, which fm may replace (never the prebuilt one)
        self._docs = docs  # what this process just built from, if it did (saves decoding it again)
        self._searchable = False

    def _search_tables(self) -> None:
        """Make sure the search tables exist (a cache build leaves them out; see the module's doc)."""
        if self._searchable:
            return
        if not _has_search(self.db):
            docs = self._docs if self._docs is not None else {
                i: json.loads(doc) for i, doc in self.db.execute("SELECT id, doc FROM entries ORDER BY ord")}
            if self.cached:
                self._add_search_tables(Path(self.location), docs)
            else:
                fill_search(self.db, docs, schema="main" if self.location == ":memory:" else "temp")
        self._docs = None
        self._searchable = True

    def _add_search_tables(self, path: Path, docs: dict[str, dict]) -> None:
        """A copy of this index with the search tables, renamed over it (unless a concurrent fm
        already did that), then read; where the cache cannot be written, tables in this
        connection's temporary schema instead."""
        def build(db: sqlite3.Connection) -> None:
            self.db.backup(db)
            fill_search(db, docs)

        current, ready = None, False
        try:
            current = _open_existing(path, self.key)
            if current is None or not _has_search(current.db):
                if current is not None:
                    current.db.close()
                _write(path, build)
                current = _open_existing(path, self.key)
            ready = current is not None and _has_search(current.db)
        except (OSError, sqlite3.Error):
            pass
        if ready:
            self.db.close()
            self.db = current.db
            return
        if current is not None:
            current.db.close()
        fill_search(self.db, docs, schema="temp")

    def find(self, key: str) -> str | None:
        row = self.db.execute("SELECT id FROM keys WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def document(self, entry_id: str) -> dict | None:
        row = self.db.execute("SELECT doc FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def documents(self, ids: list[str]) -> list[dict]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = {r[0]: json.loads(r[1]) for r in
                 self.db.execute(f"SELECT id, doc FROM entries WHERE id IN ({marks})", ids)}
        return [found[i] for i in ids if i in found]

    def label_words(self) -> list[str]:
        """Every word of every id, name and alias (lookup.words), for typo matching."""
        self._search_tables()
        return [row[0] for row in self.db.execute("SELECT term FROM label_words")]

    def labels_with(self, words: set[str], kinds: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """(entry id, label) for the ids, names and aliases holding any of these words."""
        if not words:
            return []
        self._search_tables()
        match = " OR ".join(f'"{w}"' for w in sorted(words))
        sql = "SELECT id, label FROM labels WHERE labels MATCH ?"
        if kinds:
            sql += f" AND id IN (SELECT id FROM entries WHERE kind IN ({','.join('?' * len(kinds))}))"
        return list(self.db.execute(sql, (match, *kinds)))

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def select(self, where: str = "", params: tuple = (), order: str = "ord", limit: int | None = None) -> list[Row]:
        sql = f"SELECT id, kind, name, summary, doc FROM entries {where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params = (*params, limit)
        return [Row(r[0], r[1], r[2], r[3] or "", json.loads(r[4])) for r in self.db.execute(sql, params)]

    def search(self, query: str, limit: int, kinds: tuple[str, ...] = (), where: str = "",
               params: tuple = (), any_word: bool = True) -> list[Row]:
        """Entries matching every word of the query as a word prefix (or, with `any_word`, when no
        entry at all has every word, any of them), best first: the best by bm25 over the columns (BM25_WEIGHTS),
        three times as many as asked for (at least 50), re-ranked by ranking.rank_hits."""
        from fmcli.lookup import normalize
        from fmcli.ranking import rank_hits

        # A query is a few words; thousands of prefix terms would make FTS5 crawl.
        terms = list(dict.fromkeys(w[:64] for w in re.findall(r"\w+", query.casefold())))[:32]
        if not terms:
            return []
        self._search_tables()
        conditions = [f"kind IN ({','.join('?' * len(kinds))})"] if kinds else []
        if where:
            conditions.append(f"({where})")
        filter_sql = f"AND fts.id IN (SELECT id FROM entries WHERE {' AND '.join(conditions)})" if conditions else ""
        match = " AND ".join(f'"{w}"*' for w in terms)
        # Any word will do only when no entry at all has them all: the choice never depends on a
        # filter, so a filter only narrows.
        if any_word and len(terms) > 1 and self.db.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (match,)).fetchone() is None:
            match = " OR ".join(f'"{w}"*' for w in terms)
        # Rank ids alone, then read the few documents shown: sorting every match's document
        # made common words cost 3x more in a large catalog.
        sql = ("SELECT e.id, e.kind, e.name, e.summary, e.doc FROM ("
               f"SELECT fts.id AS id, bm25(fts, {BM25_WEIGHTS}) AS score FROM fts "
               f"WHERE fts MATCH ? {filter_sql} ORDER BY score LIMIT ?) AS hits "
               "JOIN entries e ON e.id = hits.id ORDER BY hits.score, e.ord")
        rows = self.db.execute(sql, (match, *kinds, *params, max(limit * 3, 50))).fetchall()
        found = {r[0]: Row(r[0], r[1], r[2], r[3] or "", json.loads(r[4])) for r in rows}
        marks = ",".join("?" * len(found))
        concepts = {i: set(terms.split()) for i, terms in
                    self.db.execute(f"SELECT id, terms FROM concepts WHERE id IN ({marks})", list(found))}
        order = rank_hits(query, list(found), {i: row.doc for i, row in found.items()},
                          self.find(normalize(query)), concepts)
        return [found[i] for i in order[:limit]]


# One encoder for every document: json.dumps with options builds a new one per call. Documents
# are trees built by fm, so the check for cycles is skipped.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def _entry_row(order: int, doc: dict) -> tuple:
    params = doc.get("parameters")
    total = params.get("total") if isinstance(params, dict) else params
    active = params.get("active") if isinstance(params, dict) else params
    modality = doc.get("modality") or {}
    modality_text = " ".join([f"in:{m}" for m in modality.get("input", [])] +
                             [f"out:{m}" for m in modality.get("output", [])])
    open_weights = doc.get("open_weights")
    return (doc["id"], order, doc["kind"], doc["name"], doc.get("summary"), doc.get("category"),
            doc.get("level"), doc.get("organization_id"), doc.get("family"), doc.get("parent"),
            doc.get("release"), release_date(doc), None if open_weights is None else int(open_weights),
            total if isinstance(total, int) else None, active if isinstance(active, int) else None,
            int(isinstance(params, dict)), doc.get("context_window"), doc.get("max_output_tokens"),
            modality_text or None, " ".join(doc.get("capabilities") or []) or None, doc.get("retired"),
            doc.get("license"), _encode(doc))


def concepts_of(doc: dict, docs: dict[str, dict]) -> list[str]:
    """The terms an entry embodies: a model's `concepts`, and for a family also those every one of
    its members shares (what the whole family is about)."""
    concepts = list(doc.get("concepts") or [])
    members = [docs[m] for m in doc.get("models", []) if m in docs] if doc["kind"] == "family" else []
    if members:
        shared = set.intersection(*(set(m.get("concepts") or []) for m in members))
        concepts += sorted(shared - set(concepts))
    return concepts


def _concept_text(doc: dict, docs: dict[str, dict]) -> str:
    """The names and aliases of the terms an entry embodies (concepts_of)."""
    terms = [docs[c] for c in concepts_of(doc, docs) if c in docs]
    return " ; ".join(" ; ".join([t["name"], *t.get("aliases", [])]) for t in terms)


def _fact_text(doc: dict) -> str:
    """Structured facts as words a query may use: "open weights", modalities, organization, license."""
    parts = []
    if doc.get("open_weights") is True or (doc.get("aggregate") or {}).get("open_weights") is True:
        parts.append("open weights")
    modality = doc.get("modality") or (doc.get("aggregate") or {}).get("modality") or {}
    parts += sorted(set(modality.get("input", [])) | set(modality.get("output", [])))
    parts += [v for v in (doc.get("organization"), doc.get("license")) if isinstance(v, str)]
    parts += [c for c in doc.get("capabilities") or [] if isinstance(c, str)]
    return " ; ".join(parts)


def fill(db: sqlite3.Connection, docs: dict[str, dict], keys: dict[str, str], key: str, *,
         search: bool) -> None:
    """The index of these documents; with `search`, its search tables too."""
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO entries VALUES (" + ",".join("?" * 23) + ")",
                   (_entry_row(i, d) for i, d in enumerate(docs.values())))
    db.executemany("INSERT INTO keys VALUES (?, ?)", keys.items())
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("key", key), ("fm_version", __version__)])
    if search:
        fill_search(db, docs)
    db.commit()


def fill_search(db: sqlite3.Connection, docs: dict[str, dict], schema: str = "main") -> None:
    """The tables a search or a suggestion reads: concepts, labels (and their words), full text."""
    from fmcli.lookup import words

    db.executescript(_SEARCH_SCHEMA.format(s=schema, v="temp, " if schema == "temp" else ""))
    db.executemany(f"INSERT INTO {schema}.concepts VALUES (?, ?)", (
        (d["id"], " ".join(concepts_of(d, docs))) for d in docs.values() if d["kind"] != "term"))
    db.executemany(f"INSERT INTO {schema}.labels VALUES (?, ?, ?)", (
        (d["id"], label, " ".join(words(label)))
        for d in docs.values() for label in dict.fromkeys([d["id"], d["name"], *d.get("aliases", [])])))
    db.executemany(f"INSERT INTO {schema}.fts VALUES (?, ?, ?, ?, ?, ?, ?)", (
        (d["id"], d["name"], " ; ".join(d.get("aliases", [])), d.get("summary") or "",
         _concept_text(d, docs), _fact_text(d),
         " ".join(filter(None, [d.get("definition"), d.get("example"), d.get("notes"), d.get("architecture"),
                                d["id"].replace("-", " ")])))
        for d in docs.values()))
    db.commit()


def _has_search(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'fts'").fetchone() is not None


def _open_existing(path: Path, key: str, immutable: bool = False) -> Index | None:
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro{'&immutable=1' if immutable else ''}", uri=True)
        index = Index(db, str(path), key, cached=not immutable)
        if index.meta("key") == key:
            return index
        db.close()
    except sqlite3.Error:
        pass
    return None


def _compile(files: list[DataFile]) -> tuple[dict[str, dict], dict[str, str]]:
    """The documents and the lookup keys (normalised id, name, alias -> id) of these files."""
    import gc

    from fmcli.catalog import load
    from fmcli.documents import build_documents

    # The parse, the records and the documents are a million objects that live until the end of
    # the build and hold no cycles to free: the cyclic collector's passes over them cost 10-15% of
    # a cold build at 4x today's data.
    collecting = gc.isenabled()
    gc.disable()
    try:
        catalog = load(files)
        return build_documents(catalog), catalog.keys
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, build: Callable[[sqlite3.Connection], object]) -> None:
    """Build into a temporary file beside `path`, then rename it into place."""
    from fmcli.atomic import private_temporary

    fd, tmp = private_temporary(path)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            # No rollback journal: until the rename nobody reads this file, and a failed build is
            # deleted, never rolled back (writing one cost about 0.2 s of a cold build at 4x data).
            db.execute("PRAGMA journal_mode=OFF")
            build(db)
        finally:
            db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _build(files: list[DataFile], key: str, path: Path | None) -> Index:
    """A cache build: no search tables until a search or a suggestion asks (Index._search_tables)."""
    docs, keys = _compile(files)
    if path is not None:
        try:
            _write(path, lambda db: fill(db, docs, keys, key, search=False))
            _prune(path.parent, keep=path)
            opened = _open_existing(path, key)
            if opened is not None:
                opened._docs = docs
                return opened
        except (OSError, sqlite3.Error):
            pass  # the cache cannot be written: answer from memory instead
    db = sqlite3.connect(":memory:")
    fill(db, docs, keys, key, search=False)
    return Index(db, ":memory:", key, docs)


def write_prebuilt(folder: Path, files: list[DataFile]) -> None:
    """Compile the bundled files into folder/index.sqlite3 with its manifest (for the build hook)."""
    key = content_key(files)
    target = folder / PREBUILT_INDEX
    docs, keys = _compile(files)
    _write(target, lambda db: fill(db, docs, keys, key, search=True))
    target.chmod(0o644)  # made private; everyone using the installation reads it
    manifest = {"key": key, "size": target.stat().st_size}
    (folder / PREBUILT_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def _open_prebuilt(files: list[DataFile], key: str, path: Path | None) -> Index | None:
    """The prebuilt index, if it holds exactly these (bundled) files; None if missing, stale,
    foreign or truncated. The check by content runs once per cache key; a marker records it for
    later runs."""
    target = prebuilt_dir() / PREBUILT_INDEX
    try:
        st = target.stat()
    except OSError:
        return None
    stamp = f"{key}\0{target}\0{st.st_size}\0{st.st_mtime_ns}"
    marker = path.with_suffix(".prebuilt") if path is not None else None
    try:
        noted = json.loads(marker.read_text(encoding="utf-8")) if marker is not None else None
    except (OSError, ValueError):
        noted = None
    if isinstance(noted, dict) and noted.get("stamp") == stamp and isinstance(noted.get("key"), str):
        index = _open_existing(target, noted["key"], immutable=True)
        if index is not None:
            return index
    try:
        manifest = json.loads((target.parent / PREBUILT_MANIFEST).read_text(encoding="utf-8"))
        expected = content_key(files)
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("key") != expected or manifest.get("size") != st.st_size:
        return None
    index = _open_existing(target, expected, immutable=True)
    if index is not None and marker is not None:
        _note(marker, json.dumps({"stamp": stamp, "key": expected}))
    return index


def _note(marker: Path, text: str) -> None:
    """Write the marker atomically; a cache that cannot be written only means checking again."""
    from fmcli.atomic import replace_file

    try:
        replace_file(marker, text.encode("utf-8"))
    except OSError:
        return
    _prune(marker.parent, keep=marker)


def _prune(folder: Path, keep: Path) -> None:
    """Keep the most recent few indexes and prebuilt markers (one per data set in use); drop older ones."""
    from fmcli.atomic import prune

    prune(folder, "index-*", keep=keep, count=KEEP_INDEXES)


# Whether this process answers from the prebuilt index, and whether that index was found damaged.
_prebuilt_in_use = False
_prebuilt_damaged = False


def discard_cache() -> None:
    """Remove every cached index, prebuilt marker and file of cached entries (checked or rebuilt on
    the next query). An index found damaged mid-command is dropped this way; when it was the
    prebuilt one, this process builds instead (and later ones find that build in the cache)."""
    global _prebuilt_damaged
    _prebuilt_damaged = _prebuilt_damaged or _prebuilt_in_use
    try:
        for path in [*cache_dir().glob("index-*"), *cache_dir().glob("entries-*")]:
            path.unlink(missing_ok=True)
    except (OSError, RuntimeError, KeyError):
        pass


def open_index(files: list[DataFile]) -> Index:
    """The index for exactly these files: the cached one if current, else for the bundled files
    alone the prebuilt one if it holds them, else a fresh build."""
    key = cache_key(files)
    try:
        path: Path | None = cache_dir() / index_name(key)
    except (RuntimeError, KeyError):  # no home folder to find a cache in
        path = None
    if path is not None:
        existing = _open_existing(path, key)
        if existing is not None:
            return existing
    global _prebuilt_in_use
    if all(f.bundled for f in files) and not _prebuilt_damaged:
        prebuilt = _open_prebuilt(files, key, path)
        if prebuilt is not None:
            _prebuilt_in_use = True
            return prebuilt
    return _build(files, key, path)
