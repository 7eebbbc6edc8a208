"""Models known only to an imported catalog: the offers no entry matches, grouped by the provider's
model id (without its vendor prefix: `deepseek/deepseek-chat` and `deepseek-chat` are one model),
each an entry of its own. Such an entry is marked with its `provenance` (catalogs and snapshot
dates, not checked by fm) and holds only what the catalogs state: context and output limits,
capability flags and the offers with their prices; no sources, and nothing else, not even
"undisclosed".

Read only after an exact lookup in fm's own catalog misses, so an entry fm or its user holds always
wins (an offer that names one is matched to it, never listed here).
"""

from __future__ import annotations

import re

from fmcli.lookup import normalize
from fmcli.providers import join, store
from fmcli.providers.match import LABEL
from fmcli.vocab import CAPABILITIES


class Group:
    """One catalog-only model: its offers, and what it is found by."""

    def __init__(self) -> None:
        self.names: set[str] = set()  # its model ids (with and without prefix) and names
        self.offers: list[tuple[store.Snapshot, dict]] = []  # (snapshot, stored row), SOURCES then file order

    def add(self, snapshot: store.Snapshot, row: dict, names: list[str]) -> None:
        self.names.update(names)
        self.offers.append((snapshot, row))

    @property
    def keys(self) -> set[str]:
        """What a lookup finds it by: its names, normalised."""
        return {k for k in map(normalize, self.names) if k}

    @property
    def words(self) -> str:
        """What a search matches: its names, case-folded."""
        return " ".join(self.names).casefold()


def _bare(model: str) -> str:
    """The model id without the provider's or vendor's prefix (`acme/x` -> `x`)."""
    return model.rsplit("/", 1)[-1] or model


def groups(ref) -> list[Group]:
    """Every catalog-only model of the imported snapshots, in SOURCES and file order."""
    found: dict[str, Group] = {}
    for snapshot in store.snapshots():
        for row in join.unmatched_rows(ref, snapshot):
            model, name = row.get("model"), row.get("name")
            if not isinstance(model, str) or not (key := normalize(_bare(model))):
                continue
            names = [model, _bare(model)] + ([name, LABEL.sub("", name)] if isinstance(name, str) else [])
            found.setdefault(key, Group()).add(snapshot, row, names)
    return list(found.values())


def find(ref, key: str) -> dict | None:
    """The catalog-only model that `key` (a normalised query) names, as a document."""
    return next((document(g) for g in groups(ref) if key in g.keys), None)


def search(ref, query: str) -> tuple[dict | None, list[dict]]:
    """The catalog-only model the query names, if one does, and the others holding every word of
    the query as a word prefix of their model ids or names (by name)."""
    terms = re.findall(r"\w+", query.casefold())[:32]
    key = normalize(query)
    named, others = None, []
    for group in groups(ref):
        if named is None and key in group.keys:
            named = document(group)
        elif terms and all(re.search(rf"(?<!\w){re.escape(t)}", group.words) for t in terms):
            others.append(document(group))
    return named, sorted(others, key=lambda d: (d["name"].casefold(), d["id"]))


def document(group: Group) -> dict:
    """The entry of a catalog-only model: its JSON shape (see the README's JSON contract)."""
    first = group.offers[0][1]
    name = next((r["name"] for _, r in group.offers if isinstance(r.get("name"), str)), None)
    rows = sorted((join.offer_row(s, r) for s, r in group.offers), key=join.by_price)
    flagged = {c for _, r in group.offers if isinstance(r.get("capabilities"), list) for c in r["capabilities"]}
    origins = dict.fromkeys(s.provenance for s, _ in group.offers)
    return {"kind": "model", "id": _bare(first["model"]), "name": name or _bare(first["model"]), "summary": None,
            "provenance": f"{', '.join(origins)} ({join.NOT_CHECKED})",
            "context_window": _largest(rows, "context"), "max_output_tokens": _largest(rows, "max_output"),
            "capabilities": [c for c in CAPABILITIES if c in flagged] or None, "providers": rows}


def _largest(rows: list[dict], key: str) -> int | None:
    """The largest limit any offer states (a reseller may cap what the model allows)."""
    return max((r[key] for r in rows if r[key] is not None), default=None)
