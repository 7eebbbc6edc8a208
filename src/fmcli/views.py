"""Documents -> display blocks (cards and tables of plain strings). Pure: no printing, no Rich.

Both renderers (Rich for a terminal, plain records for a pipe) draw these same blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fmcli.units import format_context, format_count
from fmcli.vocab import UNRELEASED, release_date

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


def _missing_or_span(doc: dict, name: str, fmt) -> str:
    """A count the entry does not state: undisclosed, n/a, or the range its variants span."""
    missing = _missing(doc, name)
    spanned = (doc.get("aggregate") or {}).get(name) if doc["kind"] != "family" else None
    return f"{_range(spanned, fmt)} (variants)" if missing == DASH and spanned else missing


def fmt_parameters(doc: dict) -> str:
    value = doc.get("parameters")
    if isinstance(value, dict):
        active = value.get("active")
        return f"{format_count(value['total'])} total · " + (
            f"{format_count(active)} active" if isinstance(active, int) else "active undisclosed")
    if isinstance(value, int):
        return format_count(value)
    return _missing_or_span(doc, "parameters", format_count)


def fmt_context(doc: dict) -> str:
    value = doc.get("context_window")
    return format_context(value) if isinstance(value, int) else _missing(doc, "context_window")


def fmt_max_output(doc: dict) -> str:
    value = doc.get("max_output_tokens")
    return format_context(value) if isinstance(value, int) else _missing_or_span(doc, "max_output_tokens",
                                                                                    format_context)


def fmt_release(doc: dict) -> str:
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


def fmt_retired(doc: dict) -> str:
    value = doc.get("retired")
    if not isinstance(value, str):
        return _missing(doc, "retired")
    return value if is_retired(doc) else f"{value} (scheduled)"


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
    ("release", "release", fmt_release),
    ("announced", "announced", lambda d: fmt_text(d, "announced")),
    ("open weights", "open_weights", lambda d: fmt_open(d.get("open_weights"))),
    ("license", "license", lambda d: fmt_text(d, "license")),
    ("parameters", "parameters", fmt_parameters),
    ("context window", "context_window", fmt_context),
    ("max output", "max_output_tokens", fmt_max_output),
    ("modality", "modality", fmt_modality),
    ("capabilities", "capabilities", lambda d: fmt_text(d, "capabilities")),
    ("training tokens", "training_tokens", fmt_tokens),
    ("knowledge cutoff", "knowledge_cutoff", lambda d: fmt_text(d, "knowledge_cutoff")),
    ("architecture", "architecture", lambda d: fmt_text(d, "architecture")),
    ("based on", "based_on", lambda d: fmt_text(d, "based_on")),
    ("deprecated", "deprecated", lambda d: fmt_text(d, "deprecated")),
    ("retired", "retired", fmt_retired),
    ("weights", "weights", lambda d: fmt_text(d, "weights")),
]
# Rows a card always shows (a dash where unknown); the others only when known. Compare drops the
# optional facts newer entries carry when none of the compared entries has them.
ALWAYS_SHOWN = ("release", "license", "modality", "open_weights")
OPTIONAL_FACTS = ("announced", "max_output_tokens", "capabilities", "deprecated", "retired", "weights")


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
        value = fmt(doc)  # type: ignore[operator]
        if value == DASH and name not in ALWAYS_SHOWN:
            continue
        names = ("release", "announced") if name == "release" and unreleased else (name,)
        out.append((label, value + _footnotes(doc, *names)))
    return out


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
    if doc.get("related"):
        card.facts.append(("related", ", ".join(doc["related"])))
    if doc.get("aliases"):
        card.facts.insert(0, ("also", ", ".join(doc["aliases"])))
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
                       if (value := family_fact(agg, name)) != DASH]
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
                         *(family_fact(agg, name) for name in ("parameters", "context_window", "open_weights"))])
        else:
            rows.append([d["id"], d["name"], d["kind"], release_cell(d), fmt_parameters(d),
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
        values = [_compare_value(d, name, fmt) for d in docs]
        if name not in OPTIONAL_FACTS or any(v != DASH for v in values):
            rows.append([label, *values])
    if any(d.get("notes") for d in docs):
        rows.append(["notes", *(d.get("notes") or DASH for d in docs)])
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
    if name == "max_output_tokens":
        return _range(agg.get("max_output_tokens"), format_context)
    if name == "capabilities":
        return ", ".join(agg.get("capabilities") or []) or DASH
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
        by_year.setdefault((release_date(d) or DASH)[:4], []).append(
            [release_cell(d), r.id, r.name, d.get("organization") or DASH, fmt_parameters(d), fmt_open(d.get("open_weights"))])
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
