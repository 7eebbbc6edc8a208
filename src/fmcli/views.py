"""Documents -> display blocks (cards and tables of plain strings). Pure: no printing, no Rich.

Both renderers (Rich for a terminal, plain records for a pipe) draw these same blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fmcli.units import exact_count, format_context, format_count
from fmcli.vocab import UNRELEASED, release_date
from fmcli.wording import plural

DASH = "—"  # the fact does not apply
UNDISCLOSED = "undisclosed"  # the developer has not said
NOT_RECORDED = "not recorded"  # the catalog holds no value (an optional fact nobody has looked up)


@dataclass
class Table:
    """Rows of cells under named columns. The terminal layout never cuts a word: `keep` columns
    (ids) are never wrapped, `shorten` columns may be cut to one line at a word boundary with an
    ellipsis (whole with --wide), other columns wrap at spaces, and in `hyphens` columns (names
    such as DeepSeek-R1-Distill-Llama-70B) a word wider than its column also after a hyphen;
    below `min_width` a wrapped column is too narrow to read and the rows are stacked instead."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    differing: set[int] = field(default_factory=set)  # row indexes whose values differ (compare)
    keep: tuple[str, ...] = ("id",)
    shorten: tuple[str, ...] = ("summary",)
    hyphens: tuple[str, ...] = ("name",)
    min_width: int = 10


@dataclass
class Card:
    title: str
    badge: str
    summary: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Tree:
    """A drawing: each line is its branch prefix (`│   ├── `) and its text."""

    lines: list[tuple[str, str]]


Block = Card | Table | Tree


# -- fact formatting ----------------------------------------------------------------------------
def _missing(doc: dict, name: str) -> str:
    """The one rule for a fact without a value, in cards, tables and compare alike."""
    if name in doc.get("undisclosed", []):
        return UNDISCLOSED
    if name in doc.get("not_applicable", []):
        return DASH
    return NOT_RECORDED


def fmt_parameters(doc: dict, exact: bool = False) -> str:
    """Parameters: compact in tables (70B), exact with separators in cards (70,000,000,000 (70B))."""
    value = doc.get("parameters")
    count = (lambda n: exact_count(n, format_count)) if exact else format_count
    if isinstance(value, dict):
        active = value.get("active")
        return f"{count(value['total'])} total · " + (
            f"{count(active)} active" if isinstance(active, int) else "active undisclosed")
    if isinstance(value, int):
        return count(value)
    return _from_variants(doc, "parameters")


def _from_variants(doc: dict, name: str) -> str:
    """A model silent on a fact its sizes state shows their range (`8B–70B (variants)`)."""
    if doc["kind"] == "family" or not doc.get("aggregate") or not name_missing(doc, name):
        return _missing(doc, name)
    spanned = family_fact(doc["aggregate"], name, brief=True)
    return spanned if spanned in (UNDISCLOSED, DASH, NOT_RECORDED) else f"{spanned} (variants)"


def name_missing(doc: dict, name: str) -> bool:
    """The entry records no value for the fact, not even undisclosed or not applicable."""
    return _missing(doc, name) == NOT_RECORDED


def fmt_context(doc: dict, exact: bool = False) -> str:
    value = doc.get("context_window")
    if not isinstance(value, int):
        return _from_variants(doc, "context_window")
    return exact_count(value, format_context, " tokens") if exact else format_context(value)


def fmt_max_output(doc: dict, exact: bool = False) -> str:
    value = doc.get("max_output_tokens")
    if not isinstance(value, int):
        return _from_variants(doc, "max_output_tokens")
    return exact_count(value, format_context, " tokens") if exact else format_context(value)


def fmt_release(doc: dict, exact: bool = False) -> str:  # noqa: ARG001 - as FACT_ROWS call it
    if doc.get("release") == UNRELEASED:
        announced = doc.get("announced")
        return f"announced {announced} · never publicly released" if announced else "never publicly released"
    return fmt_text(doc, "release")


def release_cell(doc: dict) -> str:
    """The release as a listing shows it: a model never released at its announcement, a retired one marked."""
    if doc.get("release") == UNRELEASED:
        return f"announced {doc.get('announced') or DASH}"
    text = fmt_text(doc, "release")
    return f"{text} (retired)" if is_retired(doc) else text


def is_retired(doc: dict, today: str | None = None) -> bool:
    """Whether its developer no longer serves it (a retirement date today or earlier)."""
    retired = doc.get("retired")
    if not isinstance(retired, str):
        return False
    if today is None:
        import datetime
        today = datetime.date.today().isoformat()
    return retired <= today


def fmt_retired(doc: dict, exact: bool = False) -> str:  # noqa: ARG001 - as FACT_ROWS call it
    value = doc.get("retired")
    if not isinstance(value, str):
        return _missing(doc, "retired")
    return value if is_retired(doc) else f"{value} (scheduled)"


def fmt_tokens(doc: dict, exact: bool = False) -> str:
    value = doc.get("training_tokens")
    if not isinstance(value, int):
        return _missing(doc, "training_tokens")
    return exact_count(value, format_count, " tokens") if exact else format_count(value)


def fmt_modality(doc: dict) -> str:
    value = doc.get("modality")
    if not value:
        return _missing(doc, "modality")
    return f"{', '.join(value['input'])} → {', '.join(value['output'])}"


def fmt_open(value: object) -> str:
    return {True: "yes", False: "no", "mixed": "mixed"}.get(value, DASH)  # type: ignore[arg-type]


def fmt_text(doc: dict, name: str, exact: bool = False) -> str:  # noqa: ARG001 - one signature for FACT_ROWS
    value = doc.get(name)
    if isinstance(value, list):
        return ", ".join(value) if value else DASH  # an empty list (built on nothing) does not apply
    return str(value) if value not in (None, "") else _missing(doc, name)


def _text(name: str):
    return lambda doc, exact=False: fmt_text(doc, name)


# (label, field, formatter(doc, exact)): the facts of a model, in the one order every card,
# compare and `fm why` uses. A new fact is one more row here.
FACT_ROWS: list[tuple[str, str, object]] = [
    ("release", "release", fmt_release),
    ("announced", "announced", _text("announced")),
    ("open weights", "open_weights", lambda d, exact=False: fmt_open(d.get("open_weights"))),
    ("license", "license", _text("license")),
    ("parameters", "parameters", fmt_parameters),
    ("context window", "context_window", fmt_context),
    ("max output", "max_output_tokens", fmt_max_output),
    ("modality", "modality", lambda d, exact=False: fmt_modality(d)),
    ("capabilities", "capabilities", _text("capabilities")),
    ("training tokens", "training_tokens", fmt_tokens),
    ("knowledge cutoff", "knowledge_cutoff", _text("knowledge_cutoff")),
    ("architecture", "architecture", _text("architecture")),
    ("based on", "based_on", _text("based_on")),
    ("deprecated", "deprecated", _text("deprecated")),
    ("retired", "retired", fmt_retired),
    ("weights", "weights", lambda d, exact=False: DASH if d.get("open_weights") is False and not d.get("weights")
                                                  else fmt_text(d, "weights")),
]
# Facts a card shows only where the entry has them (the rest always, `not recorded` where absent);
# compare drops them when none of the compared entries has them.
OPTIONAL_FACTS = ("announced", "max_output_tokens", "capabilities", "deprecated", "retired", "weights")


def _range(agg: dict | None, fmt) -> str:
    if not agg:
        return DASH
    low, high = fmt(agg["min"]), fmt(agg["max"])
    return low if low == high else f"{low}–{high}"


def _sources(doc: dict, with_supports: bool) -> list[str]:
    out = []
    for source in doc.get("sources", []):
        where = source.get("url") or f"{source.get('file')}:{source.get('line')}"  # a user's own file
        line = f"{source['title']} — {where}"
        if with_supports and source.get("supports"):
            line += f" (supports: {', '.join(source['supports'])})"
        out.append(line)
    return out


def _footnotes(doc: dict, *names: str) -> str:
    if all(name in doc.get("inherited", []) for name in names):
        return f" (from {doc.get('parent')})"
    marks = [str(i) for i, s in enumerate(doc.get("sources", []), 1)
             if any(name in s.get("supports", []) for name in names)]
    return f" [{','.join(marks)}]" if marks else ""


def _card_facts(doc: dict) -> list[tuple[str, str]]:
    """A model's or variant's fact rows with their footnotes; an unreleased model's announcement
    goes into its release row."""
    unreleased = doc.get("release") == UNRELEASED
    out = []
    for label, name, fmt in FACT_ROWS:
        if name == "announced" and unreleased:
            continue
        value = fmt(doc, exact=True)  # type: ignore[operator]
        if name in OPTIONAL_FACTS and value in (DASH, NOT_RECORDED):
            continue
        names = ("release", "announced") if name == "release" and unreleased else (name,)
        out.append((label, value + _footnotes(doc, *names)))
    return out


# -- cards --------------------------------------------------------------------------------------
def term_card(doc: dict) -> Card:
    card = Card(doc["name"], f"term · {doc['category']} · {doc['level']}", doc["summary"])
    card.facts.append(("id", doc["id"]))
    if doc.get("aliases"):
        card.facts.append(("also", ", ".join(doc["aliases"])))
    card.sections.append(("Definition", doc["definition"]))
    if doc.get("example"):
        card.sections.append(("Example", doc["example"]))
    for other, text in doc.get("contrasts", {}).items():
        card.sections.append((f"Versus {other}", text))
    if doc.get("related"):
        card.facts.append(("related", ", ".join(doc["related"])))
    if doc.get("used_by"):
        card.facts.append(("models using it", ", ".join(doc["used_by"])))
    card.sources = _sources(doc, with_supports=False)
    return card


def organization_card(doc: dict, members: list[dict]) -> Card:
    card = Card(doc["name"], "organization", doc["summary"])
    card.facts = [("id", doc["id"])] + ([("website", doc["url"])] if doc.get("url") else [])
    if doc.get("related"):
        card.facts.append(("related", ", ".join(doc["related"])))
    if doc.get("aliases"):
        card.facts.insert(1, ("also", ", ".join(doc["aliases"])))
    if members:
        card.tables.append(members_table("Models and families", members))
    card.sources = _sources(doc, with_supports=False)
    return card


def model_card(doc: dict, children: list[dict]) -> Card:
    badge = doc["kind"] + (f" · {doc['organization']}" if doc.get("organization") else "")
    badge += " · retired" if is_retired(doc) else ""
    card = Card(doc["name"], badge, doc["summary"])
    card.facts.append(("id", doc["id"]))
    if doc.get("aliases"):
        card.facts.append(("also", ", ".join(doc["aliases"])))
    card.facts.append(("organization", doc.get("organization") or DASH))
    if doc["kind"] == "family":
        agg = doc.get("aggregate") or {}
        card.facts += [(label, family_fact(agg, name)) for label, name in (
            ("releases", "release"), ("open weights", "open_weights"), ("parameters", "parameters"),
            ("context window", "context_window"), ("modality", "modality"), ("licenses", "license"))]
        card.facts += [(label, value) for label, name in (("max output", "max_output_tokens"),
                                                          ("capabilities", "capabilities"))
                       if (value := family_fact(agg, name)) not in (DASH, NOT_RECORDED)]
        card.facts.append(("members", str(len(doc.get("models", [])))))
        if children:
            card.tables.append(members_table("Members", children))
    else:
        if doc.get("family"):
            card.facts.append(("family", doc["family"]))
        if doc.get("parent"):
            card.facts.append(("variant of", doc["parent"]))
        card.facts += _card_facts(doc)
        if doc.get("derived"):
            card.facts.append(("built upon by", ", ".join(doc["derived"])))
        if doc.get("concepts"):
            card.facts.append(("concepts", ", ".join(doc["concepts"])))
        if children:
            card.tables.append(members_table("Variants", children))
    if doc.get("notes"):
        card.sections.append(("Notes", doc["notes"]))
    card.sources = _sources(doc, with_supports=False)
    return card


def members_table(title: str, docs: list[dict]) -> Table:
    rows = []
    for d in docs:
        if d["kind"] == "family":
            agg = d.get("aggregate") or {}
            rows.append([d["id"], d["name"], "family", agg.get("first_release") or DASH,
                         *(family_fact(agg, name, brief=True)
                           for name in ("parameters", "context_window", "open_weights"))])
        else:
            rows.append([d["id"], d["name"], d["kind"], release_cell(d), fmt_parameters(d),
                         fmt_context(d), fmt_open(d.get("open_weights"))])
    return Table(title, ["id", "name", "kind", "release", "parameters", "context", "open"], rows,
                 keep=("id", "kind", "open"))


def catalog_only_card(doc: dict) -> Card:
    """A model only an imported catalog lists: marked so, with what the catalogs state and nothing
    else (no sources, no footnotes, no "undisclosed"); its offers follow in the Providers table."""
    card = Card(doc["name"], f"model · {CATALOG_ONLY} · not checked by fm",
                "fm holds no sourced entry for this model; everything below is what the imported provider "
                "catalogs state.")
    card.facts = [("id", doc["id"]), ("provenance", doc["provenance"])]
    card.facts += [(label, fmt(doc, exact=True)) for label, name, fmt in FACT_ROWS  # type: ignore[operator]
                   if name in ("context_window", "max_output_tokens", "capabilities") and doc.get(name)]
    return card


def show_card(doc: dict, related: list[dict]) -> Card:
    if "provenance" in doc:
        return catalog_only_card(doc)
    if doc["kind"] == "term":
        return term_card(doc)
    if doc["kind"] == "organization":
        return organization_card(doc, related)
    return model_card(doc, related)


# -- compare, lists, why ------------------------------------------------------------------------
def compare_blocks(docs: list[dict], offers: list[list[dict] | None] | None = None) -> list[Block]:
    """`offers`: each model's offers from the imported catalogs, for its lowest-price rows."""
    kind = docs[0]["kind"]
    if kind == "term":
        return _compare_terms(docs)
    if kind == "organization":
        rows = [["summary", *(d["summary"] for d in docs)], ["website", *(d["url"] for d in docs)],
                ["models", *(str(len(d.get("models", []))) for d in docs)]]
        return [_comparison(docs, rows)]
    rows = [["kind", *(d["kind"] for d in docs)],
            ["organization", *(d.get("organization") or DASH for d in docs)]]
    for label, name, fmt in FACT_ROWS:
        values = [_compare_value(d, name, fmt) for d in docs]
        if name not in OPTIONAL_FACTS or any(v not in (DASH, NOT_RECORDED) for v in values):
            rows.append([label, *values])
    if any(d.get("notes") for d in docs):
        rows.append(["notes", *(d.get("notes") or DASH for d in docs)])
    if offers and any(offers):
        rows += [[f"lowest {key} price", *(lowest_price(o or [], key) for o in offers)] for key in ("input", "output")]
    return [_comparison(docs, rows)]


def lowest_price(offers: list[dict], key: str) -> str:
    """The lowest price per 1M tokens an imported catalog lists (a free tier only when every offer
    is free: providers.prices), with who offers it and where that number comes from:
    `$2.50/1M (openai; litellm 2026-07-02)`, `free (openrouter; openrouter 2026-07-02)`."""
    from fmcli.providers.prices import cheapest

    best = cheapest(offers, key)
    if best is None:
        return DASH
    per = "/1M" if best[key] else ""
    return f"{fmt_price(best[key])}{per} ({best['provider']}; {best['catalog']} {best['snapshot']})"


def _comparison(docs: list[dict], rows: list[list[str]]) -> Table:
    """One column per entry, one row per field; rows that differ are marked. Narrower than two
    readable columns, the terminal shows one block per field instead."""
    table = Table("Comparison", ["", *(d["name"] for d in docs)], rows, keep=("",), shorten=(), min_width=20)
    table.differing = {i for i, row in enumerate(table.rows) if len(set(row[1:])) > 1}
    return table


def _compare_value(doc: dict, name: str, fmt) -> str:
    return fmt(doc) if doc["kind"] != "family" else family_fact(doc.get("aggregate") or {}, name)


def family_fact(agg: dict, name: str, brief: bool = False) -> str:
    """One fact of a family as its members' aggregate shows it. A range says what it covers
    when some members do not disclose the fact (`1.8B–3.25B (disclosed for 2 of 10 models and
    sizes)`; `brief`, for a table cell: `(2 of 10 disclosed)`); undisclosed where none does, a
    dash where it does not apply."""
    if name == "release":
        first, last = agg.get("first_release"), agg.get("last_release")
        return DASH if not first else first if first == last else f"{first} to {last}"
    if name == "open_weights":
        return fmt_open(agg.get("open_weights"))
    if name in ("parameters", "context_window"):
        fmt = format_count if name == "parameters" else format_context
        shown = _range(agg.get(name), fmt)
        cover = (agg.get("coverage") or {}).get(name)
        if not cover:
            return shown
        stated, entries = cover["stated"], cover["entries"]
        if not stated:
            return UNDISCLOSED if cover["undisclosed"] else DASH if cover["not_applicable"] else NOT_RECORDED
        if stated < entries:
            return (f"{shown} ({stated} of {entries} disclosed)" if brief
                    else f"{shown} (disclosed for {stated} of {entries} models and sizes)")
        return shown
    if name == "license":
        return "; ".join(agg.get("licenses") or []) or DASH
    if name == "modality":
        return fmt_modality({"modality": agg.get("modality")})
    if name == "max_output_tokens":
        return _range(agg.get("max_output_tokens"), format_context) if agg.get("max_output_tokens") else NOT_RECORDED
    if name == "capabilities":
        return ", ".join(agg.get("capabilities") or []) or NOT_RECORDED
    return DASH


def _compare_terms(docs: list[dict]) -> list[Block]:
    rows = [["summary", *(d["summary"] for d in docs)],
            ["category", *(d["category"] for d in docs)],
            ["definition", *(d["definition"] for d in docs)]]
    blocks: list[Block] = [_comparison(docs, rows)]
    ids = {d["id"] for d in docs}
    for d in docs:
        for other, text in d.get("contrasts", {}).items():
            if other in ids:
                blocks.append(Card(f"{d['name']} vs {other}", "recorded contrast", text))
    return blocks


def results_table(title: str, rows: list, columns: str) -> Table:
    """Listing/search rows. `columns` chooses a layout: 'terms', 'models', 'orgs' or 'mixed'."""
    if columns == "terms":
        return Table(title, ["id", "category", "level", "summary"],
                     [[r.id, r.doc["category"], r.doc["level"], r.summary] for r in rows],
                     keep=("id", "category", "level"))
    if columns == "models":
        return members_table(title, [r.doc for r in rows])
    if columns == "orgs":
        return Table(title, ["id", "name", "models", "summary"],
                     [[r.id, r.name, str(len(r.doc.get("models", []))), r.summary] for r in rows],
                     keep=("id", "models"))
    return Table(title, ["id", "kind", "name", "summary"],
                 [[r.id, r.kind, r.name, f"{CATALOG_ONLY_NOTE} {r.doc['provenance']}" if "provenance" in r.doc
                   else r.summary] for r in rows], keep=("id", "kind"))



def why_card(answer) -> Card:
    doc = answer.document
    label = {"stated": "stated by the entry", "inherited": f"inherited from {answer.from_id}",
             "undisclosed": "the developer has not disclosed it", "not-applicable": "does not apply",
             "absent": "not recorded"}[answer.status]
    value = {n: f for _, n, f in FACT_ROWS}[answer.field](doc, exact=True)  # type: ignore[operator]
    card = Card(f"{doc['name']}: {answer.field}", label, None,
                [("value", value), ("entry", doc["id"]), ("status", answer.status)])
    card.sources = _sources({"sources": answer.sources}, with_supports=False)
    return card


def tree_block(lineage) -> Tree:
    """The lineage as a drawing: ancestors first, then the tree below the root. An entry reached
    a second time is marked, not drawn again with what hangs below it."""
    nodes = lineage.nodes

    def label(entry_id: str, relation: str = "") -> str:
        d = nodes[entry_id]
        release = d.get("release") or (d.get("aggregate") or {}).get("first_release") or DASH
        note = {"based_on": " · built on its parent", "member": "", "variant": ""}.get(relation, "")
        return f"{d['name']} [{entry_id}] ({d['kind']}, {release}){note}"

    lines: list[tuple[str, str]] = []
    ancestry = [e for e in lineage.edges if e[2] == "based_on" and e[1] in _ancestors(lineage)]
    if ancestry:
        lines.append(("", "ancestry:"))
        for parent, child, _ in ancestry:
            lines.append(("  ", f"{label(parent)} → {nodes[child]['name']} [{child}]"))
        lines.append(("", ""))
    below: dict[str, list[tuple[str, str]]] = {}
    for parent, child, relation in lineage.edges:
        if (parent, child, relation) not in ancestry:
            below.setdefault(parent, []).append((child, relation))
    lines.append(("", label(lineage.root)))
    drawn = {lineage.root}

    def walk(entry_id: str, prefix: str) -> None:
        children = below.get(entry_id, [])
        for i, (child, relation) in enumerate(children):
            last = i == len(children) - 1
            branch = prefix + ("└── " if last else "├── ")
            if child in drawn:
                lines.append((branch, label(child, relation) + " · " + REPEATED))
                continue
            lines.append((branch, label(child, relation)))
            drawn.add(child)
            walk(child, prefix + ("    " if last else "│   "))
    walk(lineage.root, "")
    return Tree(lines)


REPEATED = "drawn above"


def _ancestors(lineage) -> set[str]:
    """The root and everything it descends from through based_on."""
    found = {lineage.root}
    changed = True
    while changed:
        changed = False
        for parent, child, relation in lineage.edges:
            if relation == "based_on" and child in found and parent not in found:
                found.add(parent)
                changed = True
    return found


def timeline_table(rows: list) -> Table:
    """Releases oldest first, in one table (one set of column widths for every year)."""
    cells = [[release_cell(r.doc), r.id, r.name, r.doc.get("organization") or DASH, fmt_parameters(r.doc),
              fmt_open(r.doc.get("open_weights"))] for r in rows]
    return Table(plural(len(rows), "release"), ["release", "id", "name", "organization", "parameters", "open"],
                 cells, keep=("id", "open"))


# -- imported provider catalogs (never fm's sourced facts) -----------------------------------------
FREE = "free"  # a price of $0 (providers.prices)


def fmt_price(value: float | None) -> str:
    """USD per 1M tokens: $2.50, $0.028; a $0 price is a free tier and reads "free"."""
    if value is None:
        return DASH
    if value == 0:
        return FREE
    return f"${value:,.2f}" if value >= 0.1 else f"${value:.3g}"


def offers_table(title: str, rows: list[dict], with_id: bool = False) -> Table:
    """Provider offers, each with the catalog and snapshot date its numbers come from. With the
    entry's id (fm prices) the cached price and output limit are left to --json, to fit a screen."""
    columns = ["provider", "model id", "input", "output", "cached", "context", "max out", "catalog"]
    if with_id:
        columns = ["id", *(c for c in columns if c not in ("cached", "max out"))]
    cells = []
    for r in rows:
        cell = {"id": r["id"] or DASH, "provider": r["provider"] or DASH, "model id": r["model"] or DASH,
                "input": fmt_price(r["input"]), "output": fmt_price(r["output"]), "cached": fmt_price(r["cached"]),
                "context": format_context(r["context"]) if r["context"] else DASH,
                "max out": format_context(r["max_output"]) if r["max_output"] else DASH,
                "catalog": f"{r['catalog']} {r['snapshot']}"}
        cells.append([cell[c] for c in columns])
    return Table(title, columns, cells, keep=("id", "model id"), shorten=(), hyphens=("provider",))


PROVIDERS_TITLE = "Providers (imported catalogs, not checked by fm; USD per 1M tokens)"
CATALOG_ONLY = "known only to an imported catalog"
CATALOG_ONLY_NOTE = "known only to"  # a search result's summary: followed by the provenance


def dataset_card(info: dict) -> Card:
    counts = info["counts"]
    earlier = "".join(f" Entries of {', '.join(orgs)} were last checked {day}."
                      for day, orgs in info["facts_checked_earlier"].items())
    card = Card("fm dataset", f"version {info['version']}", f"Facts last checked {info['facts_checked']}.{earlier}")
    card.facts = [(kind, str(n)) for kind, n in counts["kinds"].items()]
    card.tables = [
        Table("Terms by category", ["category", "terms"], [[k, str(v)] for k, v in counts["categories"].items()]),
        Table("Models by modality (in or out)", ["modality", "entries"],
              [[k, str(v)] for k, v in counts["modalities"].items()]),
        Table("Data files", ["file", "origin"], [[f["path"], "bundled" if f["bundled"] else "user"]
                                                for f in info["files"]], keep=("file", "origin")),
    ]
    card.facts.append(("index", info["index"]))
    if info.get("snapshots"):
        card.tables.append(Table("Imported provider catalogs (not checked by fm)",
                                 ["catalog", "snapshot", "offers", "matched", "file"],
                                 [[s["catalog"], s["date"], str(s["offers"]), str(s["matched"]), s["path"]]
                                  for s in info["snapshots"]], keep=("catalog", "snapshot", "file")))
    return card
