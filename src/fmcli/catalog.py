"""Load data files, validate every entry, merge user data over the bundled files, check references.

The result is a `Catalog` of validated records, or a DataError listing every problem found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fmcli import schema, yamlsafe
from fmcli.errors import DataError, Problem, did_you_mean
from fmcli.lookup import normalize
from fmcli.paths import DataFile
from fmcli.records import Entry, ModelEntry, Organization, Term
from fmcli.vocab import NOT_INHERITED, UNDISCLOSED, UNRELEASED

SECTIONS = {
    "terms": schema.check_term,
    "organizations": schema.check_organization,
    "models": schema.check_model,
}


@dataclass
class Catalog:
    terms: dict[str, Term] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    models: dict[str, ModelEntry] = field(default_factory=dict)
    # Every id, name and alias, normalised, to the id of its entry: the lookup keys of the index,
    # filled by check_references as it checks that they are unique.
    keys: dict[str, str] = field(default_factory=dict)

    def get(self, entry_id: str) -> Entry | None:
        return self.terms.get(entry_id) or self.models.get(entry_id) or self.organizations.get(entry_id)

    def entries(self) -> Iterable[Entry]:
        yield from self.terms.values()
        yield from self.organizations.values()
        yield from self.models.values()

    def children(self) -> dict[str, list[str]]:
        """Model id -> ids of its variants, and family id -> ids of its models."""
        out: dict[str, list[str]] = {}
        for m in self.models.values():
            owner = m.parent if m.kind == "variant" else m.family if m.kind == "model" else None
            if owner:
                out.setdefault(owner, []).append(m.id)
        return out


def effective_facts(catalog: Catalog, m: ModelEntry) -> tuple[dict[str, Any], list[str]]:
    """The entry's facts with the parent's filled in where it is silent, and which were inherited."""
    facts = dict(m.facts)
    inherited: list[str] = []
    parent = catalog.models.get(m.parent) if m.parent else None
    if parent is not None:
        for name, value in parent.facts.items():
            if name not in facts and name not in NOT_INHERITED:
                facts[name] = value
                inherited.append(name)
    return facts, inherited


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(yamlsafe.MAX_BYTES + 1)


def read_file(data_file: DataFile, raw: bytes | None = None) -> tuple[list[tuple[str, dict]], list[Problem]]:
    """(section, raw entry) pairs of one file (of `raw`, its bytes, when already read), or the
    problems that kept it from loading."""
    path = data_file.path
    try:
        if raw is None:
            raw = _read_bytes(path)
        document = yamlsafe.loads(yamlsafe.decode(raw))
    except OSError as exc:
        return [], [Problem(path, None, None, None, f"cannot read file: {exc.strerror or exc}")]
    except yamlsafe.YamlError as exc:
        where = f" (column {exc.column})" if exc.column else ""
        return [], [Problem(path, exc.line, None, None, exc.message + where)]
    if document is None:
        return [], []  # an empty file adds nothing
    if not isinstance(document, dict):
        return [], [Problem(path, 1, None, None,
                            "a data file must be a mapping with any of: terms, organizations, models")]
    lines = getattr(document, "key_lines", {})
    problems = [Problem(path, lines.get(key), None, key,
                        "unknown top-level key (allowed: terms, organizations, models)")
                for key in document if key not in SECTIONS]
    pairs: list[tuple[str, dict]] = []
    for section in SECTIONS:
        items = document.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(Problem(path, lines.get(section), None, section, "must be a list of entries"))
            continue
        for item in items:
            if isinstance(item, dict):
                pairs.append((section, item))
            else:
                problems.append(Problem(path, lines.get(section), None, section,
                                        f"each entry must be a mapping, got {type(item).__name__}"))
    return pairs, problems


def validate_file(data_file: DataFile, raw: bytes | None = None) -> tuple[list[tuple[str, Entry]], list[Problem]]:
    """Each entry of one file validated on its own, as (section, record), and every problem found."""
    pairs, problems = read_file(data_file, raw)
    entries: list[tuple[str, Entry]] = []
    for section, item in pairs:
        record, entry_problems = SECTIONS[section](item, data_file.path, user=not data_file.bundled)
        problems.extend(entry_problems)
        if record is not None:
            entries.append((section, record))
    return entries, problems


def _bundled_entries(data_file: DataFile, user_data: bool,
                     fresh: list[tuple[str, list]]) -> tuple[list[tuple[str, Entry]], list[Problem]]:
    """A bundled file's entries: from entrycache when it holds this content, else validated (and,
    when user data is loaded too, noted in `fresh` to be kept once the whole load is valid)."""
    from fmcli import entrycache

    try:
        raw = _read_bytes(data_file.path)
    except OSError:
        return validate_file(data_file)
    key = entrycache.key_of(data_file, raw)
    entries = entrycache.cached(key)
    if entries is not None:
        return entries, []
    entries, problems = validate_file(data_file, raw)
    if user_data and not problems:
        fresh.append((key, entries))
    return entries, problems


def load(files: list[DataFile]) -> Catalog:
    """Validate and merge every file; raise DataError with all problems if any."""
    catalog = Catalog()
    problems: list[Problem] = []
    user_data = any(not f.bundled for f in files)
    fresh: list[tuple[str, list]] = []
    for data_file in files:
        if data_file.bundled:
            entries, file_problems = _bundled_entries(data_file, user_data, fresh)
        else:
            entries, file_problems = validate_file(data_file)
        problems.extend(file_problems)
        seen_here: set[str] = set()
        for section, record in entries:
            if record.id in seen_here:
                problems.append(_problem(record, "id", "duplicate id in this file"))
                continue
            seen_here.add(record.id)
            for table in (catalog.terms, catalog.organizations, catalog.models):
                table.pop(record.id, None)  # user data replaces a bundled entry with the same id
            target = {"terms": catalog.terms, "organizations": catalog.organizations,
                      "models": catalog.models}[section]
            target[record.id] = record
    order = {f.path: i for i, f in enumerate(files)}
    problems.extend(check_references(catalog, order))
    if problems:
        raise DataError(problems)
    if fresh:
        from fmcli import entrycache

        for key, entries in fresh:
            entrycache.store(key, entries)
    return catalog


def _problem(entry: Entry, field_name: str, message: str, fix: str | None = None) -> Problem:
    origin = entry.origin
    return Problem(origin.file if origin else "?", origin.line_of(field_name) if origin else None, entry.id,
                   field_name, message, fix)


def check_references(catalog: Catalog, order: dict[str, int] | None = None) -> list[Problem]:
    """Rules that need the whole catalog: unique names, existing references, no lineage cycles.
    A name clash is reported on the entry loaded later (the user's, over the bundled one)."""
    problems: list[Problem] = []
    owners = catalog.keys
    owners.clear()
    claim = owners.setdefault
    rank = order or {}
    in_order = sorted(catalog.entries(), key=lambda e: (rank.get(e.origin.file, 0) if e.origin else 0,
                                                        e.origin.line or 0 if e.origin else 0))
    for entry in in_order:
        entry_id = entry.id
        for field_name, values in (("id", (entry_id,)), ("name", (entry.name,)), ("aliases", entry.aliases)):
            for value in values:
                key = normalize(value)
                if not key:
                    problems.append(_problem(entry, field_name, f"'{value}' is empty once normalised"))
                    continue
                other = claim(key, entry_id)
                if other != entry_id:
                    problems.append(_problem(entry, field_name,
                                             f"'{value}' is already used by '{other}' (ids, names and "
                                             "aliases must be unique ignoring case, spaces, dots, "
                                             "hyphens and underscores)"))
    claimed: dict[str, str] = {}
    for entry in in_order:
        if type(entry) is not ModelEntry or not entry.provider_ids:
            continue
        for pid in entry.provider_ids:
            other = claimed.setdefault(pid.casefold(), entry.id)
            if other != entry.id:
                problems.append(_problem(entry, "provider_ids", f"'{pid}' is already a provider id of '{other}' "
                                         "(provider ids must be unique across entries, ignoring case)"))
    linkable = set(catalog.terms) | set(catalog.models)
    for term in catalog.terms.values():
        for ref in term.related:
            if ref not in linkable:
                problems.append(_problem(term, "related", f"'{ref}' is not a term or model id"))
            elif ref == term.id:
                problems.append(_problem(term, "related", "a term cannot be related to itself"))
        for ref in term.contrasts:
            if ref not in linkable:
                problems.append(_problem(term, "contrasts", f"'{ref}' is not a term or model id"))
    for org in catalog.organizations.values():
        for ref in org.related:
            if ref not in catalog.organizations:
                problems.append(_problem(org, "related", f"'{ref}' is not an organization id"))
            elif ref == org.id:
                problems.append(_problem(org, "related", "an organization cannot be related to itself"))
    children = catalog.children()
    for m in catalog.models.values():
        problems.extend(_check_model_refs(catalog, m, children))
    problems.extend(_lineage_cycles(catalog))
    return problems


def _check_model_refs(catalog: Catalog, m: ModelEntry, children: dict[str, list[str]]) -> list[Problem]:
    out: list[Problem] = []

    def expect(field_name: str, ref: str | None, kinds: tuple[str, ...]) -> None:
        if ref is None:
            return
        target = catalog.models.get(ref)
        if target is None or target.kind not in kinds:
            what = " or ".join(kinds)
            known = [i for i, e in catalog.models.items() if e.kind in kinds]
            out.append(_problem(m, field_name, f"'{ref}' is not the id of a {what}{did_you_mean(ref, known)}"))

    if m.organization is not None and m.organization not in catalog.organizations:
        out.append(_problem(m, "organization", f"'{m.organization}' is not the id of an organization"
                            f"{did_you_mean(m.organization, catalog.organizations)}; define it in a data file",
                            fix=organization_yaml(m.organization)))
    expect("family", m.family, ("family",))
    expect("parent", m.parent, ("model",))
    for ref in m.facts.get("based_on", []):
        expect("based_on", ref, ("model", "variant"))
        if ref == m.id:
            out.append(_problem(m, "based_on", "an entry cannot be based on itself"))
    for ref in m.concepts:
        if ref not in catalog.terms:
            out.append(_problem(m, "concepts", f"'{ref}' is not a glossary term id"))
    if m.kind == "model" and not children.get(m.id):
        for fact in ("parameters", "context_window"):
            if fact not in m.facts:
                out.append(_problem(m, fact, "missing: a model without variants states it "
                                             f"(or '{UNDISCLOSED}'; 'n/a' where it does not apply)"))
    if m.kind != "family":
        out.extend(_check_fact_consistency(catalog, m))
    return out


def _check_fact_consistency(catalog: Catalog, m: ModelEntry) -> list[Problem]:
    """Facts that must agree with each other, as the entry shows them (its parent's included)."""
    facts, inherited = effective_facts(catalog, m)
    out: list[Problem] = []

    def where(name: str) -> str:
        return f" (inherited from {m.parent})" if name in inherited else ""

    release = facts.get("release")
    dates = {name: facts[name] for name in ("announced", "deprecated", "retired") if name in facts}
    if release == UNRELEASED:
        if "announced" not in dates:
            out.append(_problem(m, "release", "an unreleased model needs 'announced', the date it was announced"))
        for name in ("deprecated", "retired"):
            if name in dates:
                out.append(_problem(m, name, "an unreleased model was never served, so it cannot be " + name))
    elif isinstance(release, str) and release != UNDISCLOSED:
        if "announced" in dates and _after(dates["announced"], release):
            out.append(_problem(m, "announced", f"'{dates['announced']}'{where('announced')} is after the "
                                                f"release '{release}'{where('release')}"))
        for name in ("deprecated", "retired"):
            if name in dates and _after(release, dates[name]):
                out.append(_problem(m, name, f"'{dates[name]}'{where(name)} is before the release "
                                             f"'{release}'{where('release')}"))
    if "deprecated" in dates and "retired" in dates and _after(dates["deprecated"], dates["retired"]):
        out.append(_problem(m, "retired", f"'{dates['retired']}'{where('retired')} is before the deprecation "
                                          f"'{dates['deprecated']}'{where('deprecated')}"))
    output, window = facts.get("max_output_tokens"), facts.get("context_window")
    if isinstance(output, int) and isinstance(window, int) and output > window:
        out.append(_problem(m, "max_output_tokens", f"{output}{where('max_output_tokens')} exceeds the context "
                                                    f"window {window}{where('context_window')}"))
    if "weights" in facts and facts.get("open_weights") is False:
        out.append(_problem(m, "weights", f"names an address of weights, but open_weights is false"
                                          f"{where('open_weights')}"))
    return out


def _after(first: str, second: str) -> bool:
    """Whether date `first` is after `second`, at the precision both give ("2024-05" vs "2024-05-13": not)."""
    n = min(len(first), len(second))
    return first[:n] > second[:n]


def organization_yaml(org_id: str) -> str:
    """The three lines of YAML that define an organization in a user's file."""
    name = " ".join(word.capitalize() for word in org_id.split("-"))
    return f"organizations:\n  - id: {org_id}\n    name: {name}\n"


def _lineage_cycles(catalog: Catalog) -> list[Problem]:
    """Cycles in based_on, found with an explicit stack (user chains may be thousands long)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    out: list[Problem] = []
    for start in catalog.models:
        if start in state:
            continue
        path: list[str] = [start]
        stack = [iter(catalog.models[start].facts.get("based_on", []))]
        state[start] = 1
        while stack:
            ref = next(stack[-1], None)
            if ref is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if ref not in catalog.models:
                continue
            if state.get(ref) == 1:
                cycle = path[path.index(ref):] + [ref]
                out.append(_problem(catalog.models[path[-1]], "based_on", "lineage cycle: " + " -> ".join(cycle)))
            elif ref not in state:
                state[ref] = 1
                path.append(ref)
                stack.append(iter(catalog.models[ref].facts.get("based_on", [])))
    return out
