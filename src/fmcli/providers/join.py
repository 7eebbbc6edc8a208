"""Imported catalogs joined to fm's entries: import a file, the offers of one entry, the offers
no entry matches. Every row names its catalog and snapshot date (`provenance`)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from fmcli.errors import UsageProblem, shorten
from fmcli.index import checksum
from fmcli.providers import SOURCES, store

if TYPE_CHECKING:  # the hot path (one entry's offers, matched at import) needs neither
    from fmcli.providers.match import Matcher
    from fmcli.providers.offer import Offer

_SYNONYMS = {"modelsdev": "models.dev", "models-dev": "models.dev", "models_dev": "models.dev",
             "open-router": "openrouter", "lite-llm": "litellm"}
NOT_CHECKED = "not checked by fm"
KEEP_MATCHES = 8  # cached rematches (a catalog under user data), as many as the indexes kept


class Imported(NamedTuple):
    snapshot: store.Snapshot

    def as_dict(self) -> dict:
        s = self.snapshot
        return {"catalog": s.catalog, "date": s.date, "origin": s.origin, "offers": s.offers,
                "matched": s.matched, "path": s.path}


def catalog_name(value: str) -> str:
    from fmcli.api import choice
    return choice("SOURCE", value, tuple(SOURCES), _SYNONYMS)


def today() -> str:
    import datetime
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def read_file(path: str) -> bytes:
    try:
        if os.path.getsize(path) > store.MAX_FILE:
            raise UsageProblem(f"'{shorten(path)}' is larger than {store.MAX_FILE // 2**20} MB; not a catalog file")
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise UsageProblem(f"cannot read '{shorten(path)}': {exc.strerror or exc}") from None


def import_file(ref, catalog: str, path: str) -> Imported:
    return import_bytes(ref, catalog, read_file(path), os.path.abspath(path))


def import_bytes(ref, catalog: str, raw: bytes, origin: str) -> Imported:
    """Parse, match and store; a file that fails to parse leaves the previous snapshot as it was."""
    from fmcli.providers.match import Matcher
    from fmcli.providers.offer import CatalogFileError

    try:
        offers = store.parse_bytes(catalog, raw)
    except CatalogFileError as exc:
        raise CatalogFileError(f"{shorten(origin)}: {exc.message}") from None
    entries = Matcher.from_index(ref.index.db).entries(offers)
    try:
        snapshot = store.write(catalog, today(), origin, offers, entries, ref.index.meta("key") or "")
    except (OSError, RuntimeError, KeyError) as exc:  # RuntimeError, KeyError: no home folder to store in
        raise UsageProblem(f"cannot store the snapshot: {getattr(exc, 'strerror', None) or exc}") from None
    return Imported(snapshot)


def _current(ref, snapshot: store.Snapshot) -> bool:
    """Matched against the catalog in use (not since changed by user data or an upgrade)."""
    return bool(snapshot.catalog_key) and snapshot.catalog_key == ref.index.meta("key")


def _rematched(ref, rows: list[dict], matcher: list) -> list[dict]:
    """Rows with "entry" matched again against the catalog in use (`matcher` caches the Matcher)."""
    from fmcli.providers.match import Matcher

    if not matcher:
        matcher.append(Matcher.from_index(ref.index.db))
    for row in rows:
        offer = _offer(row)
        row["entry"] = matcher[0].entry(offer) if offer else None
    return rows


def _matched(ref, snapshot: store.Snapshot, entry_ids: list[str] | None, matcher: list) -> list[dict]:
    """The offers of these entries (every matched offer when None)."""
    if _current(ref, snapshot):
        if entry_ids is not None:
            return [r for e in dict.fromkeys(entry_ids) for r in snapshot.rows_of(e)]
        return [r for r in snapshot.rows() if isinstance(r["entry"], str)]
    # Matched against another catalog (user data, an upgrade): match again, once per catalog in use.
    wanted = None if entry_ids is None else set(entry_ids)
    return _rematched_rows(ref, snapshot, matcher,
                           lambda entry: entry is not None and (wanted is None or entry in wanted))


def _rematched_rows(ref, snapshot: store.Snapshot, matcher: list, keep) -> list[dict]:
    """The snapshot's offers whose entry under the catalog in use passes `keep`, each with that
    entry; only their lines are parsed."""
    lines = snapshot.data.split(b"\n")[1:]
    out = []
    for line, entry in zip(lines, _cached_entries(ref, snapshot, matcher)):
        if keep(entry) and (row := store.parse_row(line)):
            row["entry"] = entry
            out.append(row)
    return out


def _cached_entries(ref, snapshot: store.Snapshot, matcher: list) -> list[str | None]:
    """Each line's entry under the catalog in use (one per line after the header, None for none),
    kept in the cache folder beside the index and keyed by the snapshot's bytes and the index, so a
    user with FM_DATA_PATH pays for matching once, not on every `fm show`."""
    import json

    key = f"{ref.index.meta('key')}\0{snapshot.catalog}\0{len(snapshot.data)}\0{checksum([snapshot.data])}"
    try:
        cached = json.loads(_entries_file(key).read_bytes())
        if isinstance(cached, dict) and cached.get("key") == key and isinstance(cached.get("entries"), list):
            return cached["entries"]
    except (OSError, ValueError, RecursionError, RuntimeError, KeyError):
        pass
    rows = [store.parse_row(line) for line in snapshot.data.split(b"\n")[1:]]
    entries = [r["entry"] if r else None for r in _rematched(ref, [r or {} for r in rows], matcher)]
    _store_entries(key, entries)
    return entries


def _entries_file(key: str):
    from fmcli.paths import cache_dir
    return cache_dir() / f"match-{checksum([key.encode('utf-8', 'surrogatepass')])}.json"


def _store_entries(key: str, entries: list[str | None]) -> None:
    """Best effort: a cache that cannot be written costs the next run a rematch, never an answer."""
    import json

    from fmcli.atomic import prune, replace_file

    try:
        target = _entries_file(key)
        replace_file(target, json.dumps({"key": key, "entries": entries}).encode("utf-8", "surrogatepass"))
    except (OSError, RuntimeError, KeyError):
        return
    prune(target.parent, "match-*.json", keep=target, count=KEEP_MATCHES)


def _offer(row: dict) -> "Offer | None":
    from fmcli.providers.offer import Offer

    if not isinstance(row.get("provider"), str) or not isinstance(row.get("model"), str):
        return None
    name = row.get("name")
    return Offer(row["provider"], row["model"], name if isinstance(name, str) else None,
                 None, None, None, None, None)


def offer_row(snapshot: store.Snapshot, offer: dict) -> dict:
    """An offer as fm shows it: "id" the entry it matched (None for none), every number checked
    for its type, and the catalog, snapshot date and provenance it comes from."""
    entry = offer.get("entry")
    out = {"id": entry if isinstance(entry, str) else None, "catalog": snapshot.catalog,
           "snapshot": snapshot.date, "provenance": f"{snapshot.provenance} ({NOT_CHECKED})"}
    for key in ("provider", "model", "name"):
        out[key] = offer.get(key) if isinstance(offer.get(key), str) else None
    for key in ("input", "output", "cached"):
        value = offer.get(key)
        out[key] = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    for key in ("context", "max_output"):
        value = offer.get(key)
        out[key] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return out


def by_price(offer: dict) -> tuple:
    """Sort key of an offer: cheapest output first (free ones after the paid: providers.prices)."""
    from fmcli.providers.prices import price_order

    return (price_order(offer["output"]), price_order(offer["input"]), offer["catalog"], offer["provider"] or "",
            offer["model"] or "")


def offers_for(ref, entry_ids: list[str] | None = None) -> list[dict]:
    """Every imported offer of these entries (all matched offers when None), cheapest output first
    (free ones after the paid: providers.prices)."""
    matcher: list = []
    rows = [offer_row(s, o) for s in store.snapshots() for o in _matched(ref, s, entry_ids, matcher)]
    return sorted(rows, key=by_price)


def offers_of(ref, docs: list[dict] | None) -> list[dict]:
    """The offers of these entries and of their variants or members, and those a model only a
    catalog lists holds (catalog_only), cheapest output first; every matched offer when None."""
    if docs is None:
        return offers_for(ref)
    ids = [i for d in docs if "provenance" not in d for i in [d["id"], *d.get("variants", []), *d.get("models", [])]]
    listed = [r for d in docs if "provenance" in d for r in d["providers"]]
    return sorted([*offers_for(ref, ids), *listed], key=by_price)


def unmatched(ref, catalog: str) -> list[dict]:
    snapshot = store.read(catalog)
    if snapshot is None:
        raise UsageProblem(f"nothing imported from {catalog} yet; run 'fm import {catalog} FILE' first")
    return [offer_row(snapshot, r) for r in unmatched_rows(ref, snapshot)]


def unmatched_rows(ref, snapshot: store.Snapshot) -> list[dict]:
    """The snapshot's offers (as stored: COLUMNS) that match no entry of the catalog in use."""
    if _current(ref, snapshot):
        return snapshot.unmatched_rows()
    return _rematched_rows(ref, snapshot, [], lambda entry: entry is None)


def snapshot_summaries() -> list[dict]:
    """What `fm data` lists: each stored snapshot with its date and counts."""
    out = []
    for s in store.snapshots():
        out.append({"catalog": s.catalog, "date": s.date, "offers": s.offers, "matched": s.matched,
                    "origin": s.origin, "path": s.path})
    return out
