"""The JSON-contract objects of DESIGN.md, built once per index build from validated records.

Every renderer (JSON or people) starts from these documents, so both outputs say the same thing.
Variants get their parent's facts filled in; families aggregate their members.
"""

from __future__ import annotations

from typing import Any

from fmcli.catalog import Catalog, effective_facts
from fmcli.records import ModelEntry, Organization, Term
from fmcli.vocab import CAPABILITIES, FACT_FIELDS, MODALITIES, NOT_APPLICABLE, UNDISCLOSED, release_date

SCHEMA_VERSION = 1


# A model's facts with its parent's filled in, and which were inherited (catalog.effective_facts),
# worked out once per build: a model's document, its parent's and its family's all read them.
Effective = dict[str, tuple[dict[str, Any], list[str]]]


def term_document(term: Term, used_by: list[str]) -> dict:
    return {
        "kind": "term", "id": term.id, "name": term.name, "aliases": term.aliases,
        "category": term.category, "level": term.level, "summary": term.summary,
        "definition": term.definition, "example": term.example, "related": term.related,
        "contrasts": term.contrasts, "sources": [s.as_dict(with_supports=False) for s in term.sources],
        "used_by": used_by,
    }


def organization_document(org: Organization, models: list[str]) -> dict:
    return {
        "kind": "organization", "id": org.id, "name": org.name, "aliases": org.aliases,
        "summary": org.summary or None, "url": org.url or None, "related": org.related, "models": models,
        "sources": [s.as_dict(with_supports=False) for s in org.sources],
    }


def model_document(catalog: Catalog, m: ModelEntry, children: dict[str, list[str]],
                   derived: list[str], effective: Effective) -> dict:
    parent = catalog.models.get(m.parent) if m.parent else None
    org_id = m.organization or (parent.organization if parent else None)
    family = m.family or (parent.family if parent else None)
    org = catalog.organizations.get(org_id) if org_id else None
    doc: dict[str, Any] = {
        "kind": m.kind, "id": m.id, "name": m.name, "aliases": m.aliases, "summary": m.summary,
        "organization": org.name if org else None, "organization_id": org_id,
    }
    if m.kind == "family":
        members = _by_release(effective, children.get(m.id, []))
        doc.update({"models": members, "concepts": m.concepts, "notes": m.notes,
                    "aggregate": family_aggregate(effective, members, children)})
    else:
        facts, inherited = effective[m.id]
        doc.update({"family": family, "parent": m.parent})
        undisclosed: list[str] = []
        not_applicable: list[str] = []
        for name in FACT_FIELDS:
            value = facts.get(name)
            if value == UNDISCLOSED:
                undisclosed.append(name)
                value = None
            elif value == NOT_APPLICABLE:
                not_applicable.append(name)
                value = None
            doc[name] = value
        doc["based_on"] = facts.get("based_on", [])
        doc["concepts"] = m.concepts or (parent.concepts if parent else [])
        doc["notes"] = m.notes
        doc["provider_ids"] = m.provider_ids
        doc["variants"] = _by_release(effective, children.get(m.id, []))
        if doc["variants"]:  # the sizes and windows its variants span, as for a family
            doc["aggregate"] = family_aggregate(effective, [m.id], children)
        doc["derived"] = derived
        doc["inherited"] = inherited
        doc["undisclosed"] = undisclosed
        doc["not_applicable"] = not_applicable
    doc["sources"] = [s.as_dict() for s in m.sources]
    return doc


def _by_release(effective: Effective, ids: list[str]) -> list[str]:
    def key(entry_id: str) -> tuple:
        facts = effective[entry_id][0]
        size = facts.get("parameters")
        size = size.get("total") if isinstance(size, dict) else size
        return (release_date(facts) or "9999", size if isinstance(size, int) else 0, entry_id)
    return sorted(ids, key=key)


def family_aggregate(effective: Effective, members: list[str], children: dict[str, list[str]]) -> dict:
    """First and last release, range of sizes, context windows and output limits, whether weights
    are open, the licenses used, every modality a member takes or produces, every capability, and a
    `coverage` of how many members and sizes state their parameters and window and how many leave
    them undisclosed or not applicable, so a range can say what it covers."""
    releases, sizes, windows, outputs_max, openness, licenses = [], [], [], [], set(), set()
    coverage = {name: {"entries": 0, "stated": 0, "undisclosed": 0, "not_applicable": 0}
                for name in ("parameters", "context_window")}
    inputs: set[str] = set()
    outputs: set[str] = set()
    capabilities: set[str] = set()
    for member in members + [v for m in members for v in children.get(m, [])]:
        facts = effective[member][0]
        for name, counts in coverage.items():
            value = facts.get(name)
            if value is not None:  # a model silent on a fact its sizes state is not counted
                counts["entries"] += 1
                counts["stated" if value not in (UNDISCLOSED, NOT_APPLICABLE)
                       else "undisclosed" if value == UNDISCLOSED else "not_applicable"] += 1
        if isinstance(facts.get("release"), str) and facts["release"][:1].isdigit():
            releases.append(facts["release"])
        size = facts.get("parameters")
        if isinstance(size, dict):
            size = size["total"]
        if isinstance(size, int):
            sizes.append(size)
        if isinstance(facts.get("context_window"), int):
            windows.append(facts["context_window"])
        if isinstance(facts.get("max_output_tokens"), int):
            outputs_max.append(facts["max_output_tokens"])
        capabilities.update(facts.get("capabilities", []))
        if isinstance(facts.get("open_weights"), bool):
            openness.add(facts["open_weights"])
        if isinstance(facts.get("license"), str) and facts["license"] not in (UNDISCLOSED, NOT_APPLICABLE):
            licenses.add(facts["license"])
        if isinstance(facts.get("modality"), dict):
            inputs.update(facts["modality"]["input"])
            outputs.update(facts["modality"]["output"])
    return {
        "first_release": min(releases) if releases else None,
        "last_release": max(releases) if releases else None,
        "parameters": {"min": min(sizes), "max": max(sizes)} if sizes else None,
        "context_window": {"min": min(windows), "max": max(windows)} if windows else None,
        "max_output_tokens": {"min": min(outputs_max), "max": max(outputs_max)} if outputs_max else None,
        "open_weights": openness.pop() if len(openness) == 1 else ("mixed" if openness else None),
        "licenses": sorted(licenses, key=str.casefold),
        "modality": {"input": [m for m in MODALITIES if m in inputs],
                     "output": [m for m in MODALITIES if m in outputs]} if inputs or outputs else None,
        "capabilities": [c for c in CAPABILITIES if c in capabilities],
        "coverage": coverage,
    }


def build_documents(catalog: Catalog) -> dict[str, dict]:
    """Every entry's document, keyed by id."""
    children = catalog.children()
    used_by: dict[str, list[str]] = {}
    derived: dict[str, list[str]] = {}
    by_org: dict[str, list[str]] = {}
    for m in catalog.models.values():
        for term_id in m.concepts:
            used_by.setdefault(term_id, []).append(m.id)
        for ref in m.facts.get("based_on", []):
            derived.setdefault(ref, []).append(m.id)
        if m.organization and m.kind != "variant":
            by_org.setdefault(m.organization, []).append(m.id)
    effective = {m.id: effective_facts(catalog, m) for m in catalog.models.values()}
    docs: dict[str, dict] = {}
    for term in catalog.terms.values():
        docs[term.id] = term_document(term, sorted(used_by.get(term.id, [])))
    for org in catalog.organizations.values():
        docs[org.id] = organization_document(org, _by_release(effective, by_org.get(org.id, [])))
    for m in catalog.models.values():
        docs[m.id] = model_document(catalog, m, children, sorted(derived.get(m.id, [])), effective)
    return docs
