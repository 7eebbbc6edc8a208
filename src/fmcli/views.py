"""Documents -> display blocks (cards and tables of plain strings). Pure: no printing, no Rich.

Both renderers (Rich for a terminal, plain records for a pipe) draw these same blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fmcli.units import format_context, format_count

DASH = "—"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    differing: set[int] = field(default_factory=set)  # row indexes whose values differ (compare)


@dataclass
class Card:
    title: str
    badge: str
    summary: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


Block = Card | Table


# -- fact formatting ----------------------------------------------------------------------------
def _missing(doc: dict, name: str) -> str:
    if name in doc.get("undisclosed", []):
        return "undisclosed"
    if name in doc.get("not_applicable", []):
        return "n/a"
    return DASH


def fmt_parameters(doc: dict) -> str:
    value = doc.get("parameters")
    if isinstance(value, dict):
        active = value.get("active")
        return f"{format_count(value['total'])} total · " + (
            f"{format_count(active)} active" if isinstance(active, int) else "active undisclosed")
    if isinstance(value, int):
        return format_count(value)
    missing = _missing(doc, "parameters")
    spanned = (doc.get("aggregate") or {}).get("parameters") if doc["kind"] != "family" else None
    return f"{_range(spanned, format_count)} (variants)" if missing == DASH and spanned else missing


def fmt_context(doc: dict) -> str:
    value = doc.get("context_window")
    return format_context(value) if isinstance(value, int) else _missing(doc, "context_window")


def fmt_tokens(doc: dict) -> str:
    value = doc.get("training_tokens")
    return format_count(value) if isinstance(value, int) else _missing(doc, "training_tokens")


def fmt_modality(doc: dict) -> str:
    value = doc.get("modality")
    if not value:
        return _missing(doc, "modality")
    return f"{', '.join(value['input'])} → {', '.join(value['output'])}"


def fmt_open(value: object) -> str:
    return {True: "yes", False: "no", "mixed": "mixed"}.get(value, DASH)  # type: ignore[arg-type]


def fmt_text(doc: dict, name: str) -> str:
    value = doc.get(name)
    if isinstance(value, list):
        return ", ".join(value) if value else DASH
    return str(value) if value not in (None, "") else _missing(doc, name)


FACT_ROWS: list[tuple[str, str, object]] = [
    ("release", "release", lambda d: fmt_text(d, "release")),
    ("open weights", "open_weights", lambda d: fmt_open(d.get("open_weights"))),
    ("license", "license", lambda d: fmt_text(d, "license")),
    ("parameters", "parameters", fmt_parameters),
    ("context window", "context_window", fmt_context),
    ("modality", "modality", fmt_modality),
    ("training tokens", "training_tokens", fmt_tokens),
    ("knowledge cutoff", "knowledge_cutoff", lambda d: fmt_text(d, "knowledge_cutoff")),
    ("architecture", "architecture", lambda d: fmt_text(d, "architecture")),
    ("based on", "based_on", lambda d: fmt_text(d, "based_on")),
]


def _range(agg: dict | None, fmt) -> str:
    if not agg:
        return DASH
    low, high = fmt(agg["min"]), fmt(agg["max"])
    return low if low == high else f"{low}–{high}"


def _sources(doc: dict, with_supports: bool) -> list[str]:
    out = []
    for source in doc.get("sources", []):
        line = f"{source['title']} — {source['url']}"
        if with_supports and source.get("supports"):
            line += f" (supports: {', '.join(source['supports'])})"
        out.append(line)
    return out


def _footnotes(doc: dict, name: str) -> str:
    if name in doc.get("inherited", []):
        return f" (from {doc.get('parent')})"
    marks = [str(i) for i, s in enumerate(doc.get("sources", []), 1) if name in s.get("supports", [])]
    return f" [{','.join(marks)}]" if marks else ""


# -- cards --------------------------------------------------------------------------------------
def term_card(doc: dict) -> Card:
    card = Card(doc["name"], f"term · {doc['category']} · {doc['level']}", doc["summary"])
    if doc.get("aliases"):
        card.facts.append(("also", ", ".join(doc["aliases"])))
    card.facts.append(("id", doc["id"]))
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
    card.facts = [("id", doc["id"]), ("website", doc["url"])]
    if doc.get("aliases"):
        card.facts.insert(0, ("also", ", ".join(doc["aliases"])))
    if members:
        card.tables.append(members_table("Models and families", members))
    card.sources = _sources(doc, with_supports=False)
    return card


def model_card(doc: dict, children: list[dict]) -> Card:
    badge = doc["kind"] + (f" · {doc['organization']}" if doc.get("organization") else "")
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
        card.facts.append(("members", str(len(doc.get("models", [])))))
        if children:
            card.tables.append(members_table("Members", children))
    else:
        if doc.get("family"):
            card.facts.append(("family", doc["family"]))
        if doc.get("parent"):
            card.facts.append(("variant of", doc["parent"]))
        for label, name, fmt in FACT_ROWS:
            value = fmt(doc)  # type: ignore[operator]
            if value == DASH and name not in ("release", "license", "modality", "open_weights"):
                continue
            card.facts.append((label, value + _footnotes(doc, name)))
        if doc.get("derived"):
            card.facts.append(("built upon by", ", ".join(doc["derived"])))
        if doc.get("concepts"):
            card.facts.append(("concepts", ", ".join(doc["concepts"])))
        if children:
            card.tables.append(members_table("Variants", children))
    card.sources = _sources(doc, with_supports=False)
    return card


def members_table(title: str, docs: list[dict]) -> Table:
    rows = []
    for d in docs:
        if d["kind"] == "family":
            agg = d.get("aggregate") or {}
            rows.append([d["id"], d["name"], "family", agg.get("first_release") or DASH,
                         *(family_fact(agg, name) for name in ("parameters", "context_window", "open_weights"))])
        else:
            rows.append([d["id"], d["name"], d["kind"], fmt_text(d, "release"), fmt_parameters(d),
                         fmt_context(d), fmt_open(d.get("open_weights"))])
    return Table(title, ["id", "name", "kind", "release", "parameters", "context", "open"], rows)


def show_card(doc: dict, related: list[dict]) -> Card:
    if doc["kind"] == "term":
        return term_card(doc)
    if doc["kind"] == "organization":
        return organization_card(doc, related)
    return model_card(doc, related)


# -- compare, lists, why ------------------------------------------------------------------------
def compare_blocks(docs: list[dict]) -> list[Block]:
    kind = docs[0]["kind"]
    if kind == "term":
        return _compare_terms(docs)
    if kind == "organization":
        rows = [["summary", *(d["summary"] for d in docs)], ["website", *(d["url"] for d in docs)],
                ["models", *(str(len(d.get("models", []))) for d in docs)]]
        return [_mark(Table("Comparison", ["", *(d["name"] for d in docs)], rows))]
    rows = [["kind", *(d["kind"] for d in docs)],
            ["organization", *(d.get("organization") or DASH for d in docs)]]
    for label, name, fmt in FACT_ROWS:
        rows.append([label, *(_compare_value(d, name, fmt) for d in docs)])
    return [_mark(Table("Comparison", ["", *(d["name"] for d in docs)], rows))]


def _compare_value(doc: dict, name: str, fmt) -> str:
    return fmt(doc) if doc["kind"] != "family" else family_fact(doc.get("aggregate") or {}, name)


def family_fact(agg: dict, name: str) -> str:
    """One fact of a family as its members' aggregate shows it (a dash where none is kept)."""
    if name == "release":
        first, last = agg.get("first_release"), agg.get("last_release")
        return DASH if not first else first if first == last else f"{first} to {last}"
    if name == "open_weights":
        return fmt_open(agg.get("open_weights"))
    if name == "parameters":
        return _range(agg.get("parameters"), format_count)
    if name == "context_window":
        return _range(agg.get("context_window"), format_context)
    if name == "license":
        return "; ".join(agg.get("licenses") or []) or DASH
    if name == "modality":
        return fmt_modality({"modality": agg.get("modality")})
    return DASH


def _mark(table: Table) -> Table:
    table.differing = {i for i, row in enumerate(table.rows) if len(set(row[1:])) > 1}
    return table


def _compare_terms(docs: list[dict]) -> list[Block]:
    rows = [["summary", *(d["summary"] for d in docs)],
            ["category", *(d["category"] for d in docs)],
            ["definition", *(d["definition"] for d in docs)]]
    blocks: list[Block] = [_mark(Table("Comparison", ["", *(d["name"] for d in docs)], rows))]
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
                     [[r.id, r.doc["category"], r.doc["level"], r.summary] for r in rows])
    if columns == "models":
        return members_table(title, [r.doc for r in rows])
    if columns == "orgs":
        return Table(title, ["id", "name", "models", "summary"],
                     [[r.id, r.name, str(len(r.doc.get("models", []))), r.summary] for r in rows])
    return Table(title, ["id", "kind", "name", "summary"], [[r.id, r.kind, r.name, r.summary] for r in rows])


def why_card(answer) -> Card:
    doc = answer.document
    label = {"stated": "stated by the entry", "inherited": f"inherited from {answer.from_id}",
             "undisclosed": "the developer has not disclosed it", "not-applicable": "does not apply",
             "absent": "not recorded"}[answer.status]
    value = {n: f for _, n, f in FACT_ROWS}[answer.field](doc)  # type: ignore[operator]
    card = Card(f"{doc['name']}: {answer.field}", label, None,
                [("value", value), ("entry", doc["id"]), ("status", answer.status)])
    card.sources = _sources({"sources": answer.sources}, with_supports=False)
    return card


def tree_lines(lineage) -> list[str]:
    """The lineage drawn as indented text: ancestors first, then the tree below the root."""
    nodes = lineage.nodes

    def label(entry_id: str, relation: str = "") -> str:
        d = nodes[entry_id]
        release = d.get("release") or (d.get("aggregate") or {}).get("first_release") or DASH
        note = {"based_on": " · built on its parent", "member": "", "variant": ""}.get(relation, "")
        return f"{d['name']} [{entry_id}] ({d['kind']}, {release}){note}"

    lines: list[str] = []
    ancestry = [e for e in lineage.edges if e[2] == "based_on" and e[1] in _ancestors(lineage)]
    if ancestry:
        lines.append("ancestry:")
        for parent, child, _ in ancestry:
            lines.append(f"  {label(parent)} → {nodes[child]['name']} [{child}]")
        lines.append("")
    below: dict[str, list[tuple[str, str]]] = {}
    for parent, child, relation in lineage.edges:
        if (parent, child, relation) not in ancestry:
            below.setdefault(parent, []).append((child, relation))
    lines.append(label(lineage.root))
    drawn = {lineage.root}

    def walk(entry_id: str, prefix: str) -> None:
        children = below.get(entry_id, [])
        for i, (child, relation) in enumerate(children):
            last = i == len(children) - 1
            lines.append(f"{prefix}{'└── ' if last else '├── '}{label(child, relation)}")
            if child not in drawn:
                drawn.add(child)
                walk(child, prefix + ("    " if last else "│   "))
    walk(lineage.root, "")
    return lines


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


def timeline_blocks(rows: list) -> list[Block]:
    by_year: dict[str, list[list[str]]] = {}
    for r in rows:
        d = r.doc
        by_year.setdefault(d["release"][:4], []).append(
            [d["release"], r.id, r.name, d.get("organization") or DASH, fmt_parameters(d), fmt_open(d.get("open_weights"))])
    return [Table(year, ["release", "id", "name", "organization", "parameters", "open"], year_rows)
            for year, year_rows in by_year.items()]


def dataset_card(info: dict) -> Card:
    counts = info["counts"]
    card = Card("fm dataset", f"version {info['version']}", f"Facts last checked {info['facts_checked']}.")
    card.facts = [(kind, str(n)) for kind, n in counts["kinds"].items()]
    card.tables = [
        Table("Terms by category", ["category", "terms"], [[k, str(v)] for k, v in counts["categories"].items()]),
        Table("Models by modality (in or out)", ["modality", "entries"],
              [[k, str(v)] for k, v in counts["modalities"].items()]),
        Table("Data files", ["file", "origin"], [[f["path"], "bundled" if f["bundled"] else "user"]
                                                for f in info["files"]]),
    ]
    card.facts.append(("index", info["index"]))
    return card
