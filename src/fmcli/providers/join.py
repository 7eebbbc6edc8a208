"""Imported catalogs joined to fm's entries: import a file, the offers of one entry, the offers
no entry matches. Every row names its catalog and snapshot date (`provenance`)."""

from __future__ import annotations

import datetime
import os
from typing import NamedTuple

from fmcli.errors import UsageProblem, shorten
from fmcli.providers import SOURCES, store
from fmcli.providers.match import Matcher
from fmcli.providers.offer import CatalogFileError, Offer

_SYNONYMS = {"modelsdev": "models.dev", "models-dev": "models.dev", "models_dev": "models.dev",
             "open-router": "openrouter", "lite-llm": "litellm"}
NOT_CHECKED = "not checked by fm"


class Imported(NamedTuple):
    snapshot: store.Snapshot
    matched: int

    def as_dict(self) -> dict:
        s = self.snapshot
        return {"catalog": s.catalog, "date": s.date, "origin": s.origin, "offers": len(s.offers),
                "matched": self.matched, "path": s.path}


def catalog_name(value: str) -> str:
    from fmcli.api import choice
    return choice("SOURCE", value, tuple(SOURCES), _SYNONYMS)


def today() -> str:
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
    try:
        offers = store.parse_bytes(catalog, raw)
    except CatalogFileError as exc:
        raise CatalogFileError(f"{shorten(origin)}: {exc.message}") from None
    entries = Matcher.from_index(ref.index.db).entries(offers)
    try:
        snapshot = store.write(catalog, today(), origin, offers, entries, ref.index.meta("key") or "")
    except OSError as exc:
        raise UsageProblem(f"cannot store the snapshot in {store.folder()}: {exc.strerror or exc}") from None
    return Imported(snapshot, sum(e is not None for e in entries))


def _entries(ref, snapshot: store.Snapshot, matcher: list) -> list[str | None]:
    """Each offer's entry: as matched at import, or again when the catalog has changed since."""
    if snapshot.catalog_key and snapshot.catalog_key == ref.index.meta("key"):
        return [o.get("entry") if isinstance(o.get("entry"), str) else None for o in snapshot.offers]
    if not matcher:
        matcher.append(Matcher.from_index(ref.index.db))
    return [matcher[0].entry(offer) if (offer := _offer(row)) else None for row in snapshot.offers]


def _offer(row: dict) -> Offer | None:
    if not isinstance(row.get("provider"), str) or not isinstance(row.get("model"), str):
        return None
    name = row.get("name")
    return Offer(row["provider"], row["model"], name if isinstance(name, str) else None,
                 None, None, None, None, None)


def _row(snapshot: store.Snapshot, offer: dict, entry: str | None) -> dict:
    out = {"id": entry, "catalog": snapshot.catalog, "snapshot": snapshot.date,
           "provenance": f"{snapshot.provenance} ({NOT_CHECKED})"}
    for key in ("provider", "model", "name"):
        out[key] = offer.get(key) if isinstance(offer.get(key), str) else None
    for key in ("input", "output", "cached"):
        value = offer.get(key)
        out[key] = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    for key in ("context", "max_output"):
        value = offer.get(key)
        out[key] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return out


def _by_price(row: dict) -> tuple:
    return (row["output"] is None, row["output"] or 0.0, row["input"] is None, row["input"] or 0.0,
            row["catalog"], row["provider"] or "", row["model"] or "")


def offers_for(ref, entry_ids: list[str] | None = None) -> list[dict]:
    """Every imported offer of these entries (all matched offers when None), cheapest output first."""
    wanted = set(entry_ids) if entry_ids is not None else None
    matcher: list = []
    rows = []
    for snapshot in store.snapshots():
        for offer, entry in zip(snapshot.offers, _entries(ref, snapshot, matcher)):
            if entry is not None and (wanted is None or entry in wanted):
                rows.append(_row(snapshot, offer, entry))
    return sorted(rows, key=_by_price)


def unmatched(ref, catalog: str) -> list[dict]:
    snapshot = store.read(catalog)
    if snapshot is None:
        raise UsageProblem(f"nothing imported from {catalog} yet; run 'fm import {catalog} FILE' first")
    return [_row(snapshot, o, None) for o, e in zip(snapshot.offers, _entries(ref, snapshot, [])) if e is None]


def snapshot_summaries() -> list[dict]:
    """What `fm data` lists: each stored snapshot with its date and counts."""
    out = []
    for s in store.snapshots():
        matched = sum(isinstance(o.get("entry"), str) for o in s.offers)
        out.append({"catalog": s.catalog, "date": s.date, "offers": len(s.offers), "matched": matched,
                    "origin": s.origin, "path": s.path})
    return out
