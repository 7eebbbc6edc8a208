"""The domain API: what `fm` can answer, without any terminal or argument parsing.

    ref = Reference.open(user_paths=[])
    ref.resolve("llama3", prefer="catalog").document["context_window"]
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from fmcli.errors import NotFoundError, UsageProblem, did_you_mean, shorten
from fmcli.index import Index, Row, open_index
from fmcli import lookup
from fmcli.lookup import clear_winner, normalize
from fmcli.paths import DataFile, discover
from fmcli.units import parse_count, parse_range
from fmcli.vocab import (CAPABILITIES, CATEGORIES, FACT_FIELDS, LEVELS, LISTINGS, MODALITIES, MODEL_KINDS,
                         SEARCH_KINDS, SORT_KEYS, UNRELEASED, release_date)
from fmcli.wording import article

Prefer = Literal["term", "catalog"]
MODEL_KIND_SET = set(MODEL_KINDS)
MAX_FUZZY_QUERY = 200

FIELD_ALIASES = {
    "params": "parameters", "size": "parameters", "context": "context_window", "ctx": "context_window",
    "window": "context_window", "tokens": "training_tokens", "cutoff": "knowledge_cutoff",
    "open": "open_weights", "licence": "license", "modalities": "modality",
    "date": "release", "released": "release", "arch": "architecture", "lineage": "based_on",
    "max_output": "max_output_tokens", "output": "max_output_tokens", "output_tokens": "max_output_tokens",
    "capability": "capabilities", "announcement": "announced", "deprecation": "deprecated",
    "retirement": "retired",
}


class Resolution(NamedTuple):
    document: dict
    query: str
    guessed: bool = False  # a person's near miss was answered with the one clear candidate


class WhyAnswer(NamedTuple):
    document: dict
    field: str
    value: object
    status: str  # stated | inherited | undisclosed | not-applicable | absent
    sources: list[dict]
    from_id: str  # the entry whose statement it is (the parent, when inherited)


class ListFilters(NamedTuple):
    category: str | None = None
    level: str | None = None
    org: str | None = None
    family: str | None = None
    kind: str | None = None
    open_weights: bool | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    min_context: str | None = None
    params: str | None = None
    active: bool = False
    moe: bool = False
    license: str | None = None
    capability: tuple[str, ...] = ()  # every one of these (each item may be comma-separated)
    min_output: str | None = None
    max_price: str | None = None  # USD per 1M output tokens, from the imported provider catalogs
    served: bool = False  # released and not retired (as of today)
    sort: str = "name"
    reverse: bool = False  # the opposite order of `sort` (entries without the value still last)
    limit: int | None = None  # at most this many, after sorting


class Reference:
    def __init__(self, index: Index, files: list[DataFile]) -> None:
        self.index = index
        self.files = files

    @classmethod
    def open(cls, user_paths: list[str]) -> "Reference":
        files = discover(user_paths)
        return cls(open_index(files), files)

    # -- lookup -------------------------------------------------------------------------------
    def resolve(self, query: str, *, prefer: Prefer, exact_only: bool, imported: bool = False) -> Resolution:
        """The entry a query names: exactly, else (`imported`) a model known only to an imported
        catalog, else for a person one clear near miss. A catalog-only model is never a sourced
        entry: without `imported`, naming one is an error that points to `fm show`."""
        key = normalize(query)
        if not key:
            raise UsageProblem("the query is empty; give an id, name or alias (try 'fm search WORD')")
        found = self.index.find(key)
        if found:
            return Resolution(self.index.document(found) or {}, query)
        listed = self.catalog_only(key)
        if listed is not None:
            if imported:
                return Resolution(listed, query)
            raise NotFoundError(f"'{shorten(query)}' is known only to an imported catalog, not checked by fm; "
                                f"see 'fm show {listed['id']}'", [listed["id"]])
        candidates = self.candidates(query, prefer)
        winner = None if exact_only else clear_winner(candidates)
        if winner:
            return Resolution(self.index.document(winner) or {}, query, guessed=True)
        names = [c for c, _ in candidates]
        hint = f"; did you mean: {', '.join(names)}?" if names else "; try 'fm search WORD' or 'fm list'"
        raise NotFoundError(f"no term, model or organization matches '{shorten(query)}'{hint}", names)

    def catalog_only(self, key: str) -> dict | None:
        """The model only an imported catalog lists that `key` (normalised) names, if any."""
        from fmcli.providers.store import present

        if not present():
            return None
        from fmcli.providers.catalog_only import find
        return find(self, key)

    def candidates(self, query: str, prefer: Prefer | None = None, kinds: tuple[str, ...] = ()) -> list[tuple[str, float]]:
        """Entries a miss may have meant, best first: ids, names and aliases sharing whole words
        with the query (lookup.rank); failing those, full-text search hits (score 0, never chosen)."""
        if len(query) > MAX_FUZZY_QUERY:
            return []
        wanted = lookup.words(query)[:16]
        if not wanted:
            return []
        vocabulary = self.index.label_words()
        typos = lookup.typo_pairs(wanted, vocabulary)
        found = lookup.matching_words(wanted, vocabulary, typos)
        ranked = lookup.rank(wanted, self.index.labels_with(found, kinds), typos, limit=20)
        if not ranked:
            ranked = [(row.id, 0.0) for row in self.index.search(query, 5, kinds, any_word=False)]
        kind_of = dict(self.index.db.execute(
            f"SELECT id, kind FROM entries WHERE id IN ({','.join('?' * len(ranked))})", [c for c, _ in ranked]))
        # Within the same score, the preferred dataset comes first.
        preferred = (lambda i: kind_of.get(i) == "term") if prefer == "term" else (lambda i: kind_of.get(i) != "term")
        return sorted(ranked, key=lambda c: (-c[1], not preferred(c[0])))[:5]

    def documents(self, ids: list[str]) -> list[dict]:
        return self.index.documents(ids)

    def entry_filters(self, filters: ListFilters, *, exact_only: bool) -> tuple[ListFilters, list[str]]:
        """--org and --family as ids: what a query accepts (any case, names, aliases), within
        organizations or families; with notes for a person where a near miss was taken."""
        notes: list[str] = []
        for option, field, kind in (("--org", "org", "organization"), ("--family", "family", "family")):
            value = getattr(filters, field)
            if value is None:
                continue
            found = self.index.find(normalize(value))
            if found is None or self.index.document(found)["kind"] != kind:
                ranked = self.candidates(value, kinds=(kind,))
                winner = None if exact_only else clear_winner(ranked)
                if winner is None:
                    candidates = [c for c, _ in ranked]
                    hint = (f"; did you mean: {', '.join(candidates)}?" if candidates
                            else f"; see 'fm list {'orgs' if kind == 'organization' else 'models --kind family'}'")
                    raise UsageProblem(f"{option}: no {kind} matches '{shorten(value)}'{hint}", candidates)
                notes.append(f"{option} '{shorten(value)}' taken as {winner}")
                found = winner
            filters = filters._replace(**{field: found})
        return filters, notes

    # -- commands -----------------------------------------------------------------------------
    def compare(self, queries: list[str], *, exact_only: bool) -> list[Resolution]:
        if len(queries) < 2:
            raise UsageProblem("compare needs at least two ids, e.g. 'fm compare gpt-4 claude'")
        resolved = [self.resolve(q, prefer="catalog", exact_only=exact_only) for q in queries]
        groups = {_group(r.document["kind"]) for r in resolved}
        if len(groups) > 1:
            raise UsageProblem("compare terms with terms, models with models, organizations with "
                               "organizations; got a mix: " +
                               ", ".join(f"{r.document['id']} ({r.document['kind']})" for r in resolved))
        return resolved

    def search(self, query: str, *, limit: int, kind: str | None,
               filters: ListFilters | None = None) -> list[Row]:
        if not query.strip():
            raise UsageProblem("the search query is empty")
        if limit < 1:
            raise UsageProblem("--limit must be at least 1")
        limit = min(limit, 100_000)
        kinds = _kinds_for(kind) if kind else ()
        where, params = _where("all", filters) if filters else ("", [])
        rows = self.index.search(query, limit, kinds, where.replace("WHERE ", "", 1), tuple(params))
        if where or (kinds and "model" not in kinds):  # a catalog-only model has no fact a filter asks for
            return rows
        return self._with_catalog_only(query, rows, limit)

    def _with_catalog_only(self, query: str, rows: list[Row], limit: int) -> list[Row]:
        """The models only an imported catalog lists among the results: the one the query names
        first (when no entry of fm's is named so), the others holding the query's words after fm's
        entries whose names hold them and before those found in other text."""
        from fmcli.providers.store import present

        if not present():
            return rows
        from fmcli.providers.catalog_only import search
        from fmcli.ranking import name_cover

        named, others = search(self, query)
        ids = {r.id for r in rows}
        listed = [Row(d["id"], d["kind"], d["name"], "", d) for d in others if d["id"] not in ids]
        if named is not None and named["id"] not in ids and self.index.find(normalize(query)) is None:
            rows = [Row(named["id"], named["kind"], named["name"], "", named), *rows]
        wanted = list(dict.fromkeys(lookup.words(query)))
        cut = next((n for n, r in enumerate(rows) if "provenance" not in r.doc and not name_cover(wanted, r.doc)[0]),
                   len(rows))
        return [*rows[:cut], *listed, *rows[cut:]][:limit]

    def listing(self, what: str, filters: ListFilters) -> list[Row]:
        limit = _limit(filters.limit)
        where, params = _where(what, filters)
        if filters.max_price is not None:
            priced = self.priced_at_most(_price_option(filters.max_price))
            where += f" AND id IN ({','.join('?' * len(priced))})"
            params += sorted(priced)
        order = _order(choice("--sort", filters.sort, SORT_KEYS, _SORT_SYNONYMS), filters.reverse)
        return self.index.select(where, tuple(params), order, limit)

    def priced_at_most(self, price: float) -> set[str]:
        """Entries whose lowest output price in the imported catalogs is at most `price` USD per 1M
        tokens (a free tier counts only for a model offered nowhere for a price: providers.prices)."""
        from fmcli.providers.join import offers_for
        from fmcli.providers.prices import cheapest
        from fmcli.providers.store import present

        if not present():
            raise UsageProblem("--max-price needs imported prices; run 'fm import models.dev FILE' "
                               "(or openrouter, litellm) first")
        by_entry: dict[str, list[dict]] = {}
        for row in offers_for(self):
            by_entry.setdefault(row["id"], []).append(row)
        return {entry for entry, rows in by_entry.items()
                if (best := cheapest(rows, "output")) is not None and best["output"] <= price}

    def why(self, query: str, fact: str, *, exact_only: bool) -> WhyAnswer:
        name = fact.strip().lower().replace("-", "_")
        name = FIELD_ALIASES.get(name, name)
        if name not in FACT_FIELDS:
            raise UsageProblem(f"'{fact}' is not a fact field; choose one of: {', '.join(FACT_FIELDS)}")
        doc = self.resolve(query, prefer="catalog", exact_only=exact_only).document
        if doc["kind"] not in ("model", "variant"):
            raise UsageProblem(f"'{doc['id']}' is {article(doc['kind'])}; 'fm why' explains the facts of a "
                               "model or variant" + (f" (its models: {', '.join(doc.get('models', [])[:5])})"
                                                     if doc.get("models") else ""))
        owner = doc
        status = "stated"
        if name in doc.get("inherited", []):
            status = "inherited"
            owner = self.index.document(doc["parent"]) or doc
        if name in doc.get("undisclosed", []):
            status = "undisclosed"
        elif name in doc.get("not_applicable", []):
            status = "not-applicable"
        elif doc.get(name) in (None, []):
            status = "absent"
        sources = [s for s in owner.get("sources", []) if name in s.get("supports", [])]
        return WhyAnswer(doc, name, doc.get(name), status, sources, owner["id"])


def _group(kind: str) -> str:
    return "model" if kind in MODEL_KIND_SET else kind


def choice(option: str, value: str, choices: tuple[str, ...], synonyms: dict[str, str] | None = None) -> str:
    """`value` as one of `choices` (any case, or a synonym), else a usage error with did-you-mean."""
    key = value.strip().lower()
    key = (synonyms or {}).get(key, key)
    if key in choices:
        return key
    raise UsageProblem(f"unknown {option} '{shorten(value)}'{did_you_mean(key, choices)} "
                       f"(choose: {', '.join(choices)})")


# What people type for a kind of entry (singular, plural, short) -> the kind or listing.
_KIND_SYNONYMS = {"terms": "term", "models": "model", "org": "organization", "orgs": "organization",
                  "organizations": "organization", "families": "family", "variants": "variant"}
_LISTING_SYNONYMS = {"term": "terms", "glossary": "terms", "model": "models", "org": "orgs",
                     "organization": "orgs", "organizations": "orgs", "everything": "all"}


def _kinds_for(kind: str) -> tuple[str, ...]:
    found = choice("--kind", kind, SEARCH_KINDS, _KIND_SYNONYMS)
    return MODEL_KINDS if found == "model" else (found,)


_SORT_SYNONYMS = {"params": "parameters", "size": "parameters", "date": "release", "released": "release",
                  "context_window": "context", "window": "context", "ctx": "context"}
# Sort key -> (SQL value, whether larger comes first). Entries without the value always come last;
# `dated` is the release date, or for a model never released its announcement.
_SORTS = {"name": ("lower(name)", False), "release": ("dated", True), "parameters": ("params", True),
          "context": ("context", True)}


def _order(sort: str, reverse: bool) -> str:
    column, descending = _SORTS[sort]
    direction = "DESC" if descending != reverse else "ASC"
    return f"{column} IS NULL, {column} {direction}, lower(name) {direction}, id {direction}"


def _limit(limit: int | None) -> int | None:
    """--limit, at least 1; any count above the catalog's size means all (SQLite's integers are 64-bit)."""
    if limit is None:
        return None
    if limit < 1:
        raise UsageProblem(f"--limit must be at least 1, not {shorten(str(limit))}")
    return min(limit, MAX_COUNT)


def _where(what: str, f: ListFilters) -> tuple[str, list]:
    what = choice("listing", what, LISTINGS, _LISTING_SYNONYMS)
    clauses: list[str] = []
    params: list = []
    model_filters = any(v not in (None, False) for v in (
        f.org, f.family, f.kind, f.open_weights, f.modality, f.since, f.until, f.min_context, f.params, f.license,
        f.min_output, f.max_price)) or f.moe or f.served or bool(f.capability)
    term_filters = f.category is not None or f.level is not None
    if what == "all":
        what = "models" if model_filters and not term_filters else "terms" if term_filters else "all"
    if what == "terms":
        clauses.append("kind = 'term'")
        if model_filters:
            raise UsageProblem("--org, --family, --kind, --open/--closed, --modality, --since, --until, --min-context, "
                               "--params, --moe, --license, --capability, --min-output, --max-price and --served "
                               "filter models, not terms")
    elif what == "orgs":
        clauses.append("kind = 'organization'")
        if model_filters or term_filters:
            raise UsageProblem("organizations take no filters")
    elif what == "models":
        clauses.append(f"kind IN ({','.join('?' * len(MODEL_KINDS))})")
        params += MODEL_KINDS
        if term_filters:
            raise UsageProblem("--category and --level filter terms, not models")
    for column, value, choices, option in (("category", f.category, CATEGORIES, "--category"),
                                           ("level", f.level, LEVELS, "--level"), ("org", f.org, None, "--org"),
                                           ("family", f.family, None, "--family"),
                                           ("kind", f.kind, MODEL_KINDS, "--kind")):
        if value is None:
            continue
        clauses.append(f"{column} = ?")
        params.append(value if choices is None else choice(option, value, choices, _KIND_SYNONYMS))
    if f.open_weights is not None:
        clauses.append("open_weights = ?")
        params.append(int(f.open_weights))
    if f.modality is not None:
        clauses.append("(' ' || modality || ' ') LIKE ?")
        params.append(f"% %:{choice('--modality', f.modality, MODALITIES)} %")
    since = _date_option("--since", f.since) if f.since is not None else None
    until = _date_option("--until", f.until) if f.until is not None else None
    if since and until and since[:len(until)] > until[:len(since)]:
        raise UsageProblem(f"--since {since} is after --until {until}")
    if since:
        clauses.append("dated >= ?")
        params.append(since)
    if until:  # --until 2024 takes all of 2024: compare as many characters as were given
        clauses.append("substr(dated, 1, ?) <= ?")
        params += [len(until), until]
    if f.min_context is not None:
        clauses.append("context >= ?")
        params.append(_count_option("--min-context", f.min_context))
    if f.min_output is not None:
        clauses.append("max_output >= ?")
        params.append(_count_option("--min-output", f.min_output))
    for capability in _capabilities(f.capability):
        clauses.append("(' ' || capabilities || ' ') LIKE ?")
        params.append(f"% {capability} %")
    if f.served:
        import datetime

        clauses.append("release != ? AND (retired IS NULL OR retired > ?)")  # families have no release
        params += [UNRELEASED, datetime.date.today().isoformat()]
    if f.params is not None:
        column = "params_active" if f.active else "params"
        try:
            low, high = parse_range(f.params)
        except ValueError as exc:
            raise UsageProblem(f"--params: {exc} (examples: 7b..70b, 7b.., ..3b, 8b)") from None
        if low is None and high is None:
            raise UsageProblem("--params needs a bound (examples: 7b..70b, 7b.., ..3b, 8b)")
        if low is not None and high is not None and low > high:
            lo, _, hi = f.params.partition("..")
            raise UsageProblem(f"--params {shorten(f.params)} is reversed; did you mean {hi.strip()}..{lo.strip()}?")
        if low is not None:
            clauses.append(f"{column} >= ?")
            params.append(_bounded("--params", low))
        if high is not None:
            clauses.append(f"{column} <= ?")
            params.append(_bounded("--params", high))
    if f.moe:
        clauses.append("moe = 1")
    if f.license is not None:
        clauses.append("replace(replace(lower(license), ' ', '-'), '.', '-') LIKE ?")
        params.append("%" + f.license.lower().replace(" ", "-").replace(".", "-") + "%")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _capabilities(given: tuple[str, ...]) -> list[str]:
    """--capability reasoning --capability tool-use, or --capability reasoning,tool-use."""
    wanted = [c.strip().lower() for item in given for c in item.split(",") if c.strip()]
    if given and not wanted:
        raise UsageProblem(f"--capability needs a capability (choose: {', '.join(CAPABILITIES)})")
    return list(dict.fromkeys(choice("--capability", c, CAPABILITIES) for c in wanted))
def _date_option(option: str, text: str) -> str:
    """A year, month or day that exists on the calendar: 2023, 2023-06, 2023-06-15."""
    import datetime
    import re

    value = text.strip()
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not match:
        raise UsageProblem(f"{option} takes a year, month or day such as 2023, 2023-06 or 2023-06-15, "
                           f"not '{shorten(text)}'")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise UsageProblem(f"{option} {value} is not a real date ({exc})") from None
    return value


def _price_option(text: str) -> float:
    """--max-price: USD per 1M tokens, such as 2, 0.5 or $1.25."""
    import math

    try:
        value = float(text.strip().lstrip("$"))
    except ValueError:
        raise UsageProblem(f"--max-price takes USD per 1M output tokens such as 2 or 0.5, not '{shorten(text)}'") from None
    if not math.isfinite(value) or value < 0:
        raise UsageProblem(f"--max-price must be a price of 0 or more, not '{shorten(text)}'")
    return value


MAX_COUNT = 2**62  # SQLite integers are 64-bit; nothing real comes near


def _count_option(option: str, text: str) -> int:
    try:
        value = parse_count(text)
    except ValueError as exc:
        raise UsageProblem(f"{option}: {exc}") from None
    return _bounded(option, value)


def _bounded(option: str, value: int) -> int:
    if value > MAX_COUNT:
        raise UsageProblem(f"{option}: {value:.3g} is too large")
    return value


# -- exploring --------------------------------------------------------------------------------------
class Lineage(NamedTuple):
    """A family or lineage as nodes and edges; `root` is the entry asked about."""

    root: str
    nodes: dict[str, dict]
    edges: list[tuple[str, str, str]]  # (from, to, relation): member | variant | based_on

    def as_dict(self) -> dict:
        return {"root": self.root,
                "nodes": [{"id": d["id"], "name": d["name"], "kind": d["kind"],
                           "release": d.get("release") or (d.get("aggregate") or {}).get("first_release")}
                          for d in self.nodes.values()],
                "edges": [{"from": a, "to": b, "relation": r} for a, b, r in self.edges]}


def lineage(ref: Reference, query: str, *, exact_only: bool) -> Lineage:
    """Family -> models -> variants below the entry; `based_on` ancestors above and descendants below."""
    root = ref.resolve(query, prefer="catalog", exact_only=exact_only).document
    if root["kind"] == "organization":  # `fm tree deepseek`: the organization's family, when it has one
        families = [d["id"] for d in ref.documents(root.get("models", [])) if d["kind"] == "family"]
        if len(families) == 1:
            root = ref.documents(families)[0]
        elif families:
            raise UsageProblem(f"'{root['id']}' is an organization with several families; draw one of: "
                               f"{', '.join(families)}")
    if root["kind"] not in MODEL_KIND_SET:
        raise UsageProblem(f"'{root['id']}' is {article(root['kind'])}; 'fm tree' draws families and models")
    nodes: dict[str, dict] = {root["id"]: root}
    edges: list[tuple[str, str, str]] = []

    def fetch(ids: list[str]) -> list[dict]:
        new = [i for i in ids if i not in nodes]
        for doc in ref.documents(new):
            nodes[doc["id"]] = doc
        return [nodes[i] for i in ids if i in nodes]

    up = [root]
    while up:  # ancestors through based_on
        parents = []
        for doc in up:
            for ancestor in fetch(doc.get("based_on", [])):
                if (ancestor["id"], doc["id"], "based_on") not in edges:
                    edges.append((ancestor["id"], doc["id"], "based_on"))
                    parents.append(ancestor)
        up = parents
    down = [root]
    seen = {root["id"]}
    while down:  # members, variants and descendants
        children = []
        for doc in down:
            for relation, ids in (("member", doc.get("models", []) if doc["kind"] == "family" else []),
                                  ("variant", doc.get("variants", [])), ("based_on", doc.get("derived", []))):
                for child in fetch(ids):
                    edges.append((doc["id"], child["id"], relation))
                    if child["id"] not in seen:
                        seen.add(child["id"])
                        children.append(child)
        down = children
    return Lineage(root["id"], nodes, edges)


def timeline(ref: Reference, filters: ListFilters) -> list[Row]:
    """Models (not families or sizes) with a known release, oldest first (newest with `reverse`); a
    model never released stands at its announcement."""
    limit = _limit(filters.limit)
    rows = ref.listing("models", filters._replace(kind=filters.kind or "model", limit=None, reverse=False))
    dated = [r for r in rows if release_date(r.doc)]
    dated.sort(key=lambda r: (release_date(r.doc), r.name.lower()), reverse=filters.reverse)
    return dated[:limit]


def dataset_info(ref: Reference) -> dict:
    from collections import Counter

    from fmcli.dataset import CHECKED_EARLIER, DATA_VERSION, FACTS_CHECKED
    from fmcli.providers.join import snapshot_summaries

    kinds: Counter = Counter()
    categories: Counter = Counter()
    modalities: Counter = Counter()
    for kind, category, modality in ref.index.db.execute("SELECT kind, category, modality FROM entries"):
        kinds[kind] += 1
        if category:
            categories[category] += 1
        for item in {m.split(":", 1)[1] for m in (modality or "").split()}:
            modalities[item] += 1
    return {
        "kind": "dataset", "version": DATA_VERSION, "facts_checked": FACTS_CHECKED,
        "facts_checked_earlier": {day: list(orgs) for day, orgs in CHECKED_EARLIER.items()},
        "counts": {"kinds": dict(sorted(kinds.items())), "categories": dict(sorted(categories.items())),
                   "modalities": dict(sorted(modalities.items()))},
        "files": [{"path": f.path, "bundled": f.bundled} for f in ref.files],
        "index": ref.index.location,
        "snapshots": snapshot_summaries(),
    }
