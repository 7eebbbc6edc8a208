"""Validation of single entries against the schema of DESIGN.md.

Each `check_*` function takes one raw mapping and returns a record (or None) plus the problems
found; it never raises. Cross-entry rules (references, uniqueness) live in catalog.py.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import Any

from fmcli.errors import Problem, closest, did_you_mean
from fmcli.records import ModelEntry, Organization, Origin, Source, Term
from fmcli.units import parse_count
from fmcli.vocab import (CAPABILITIES, CATEGORIES, FACT_FIELDS, LEVELS, MODALITIES, MODEL_KINDS,
                         NOT_APPLICABLE, UNDISCLOSED, UNRELEASED)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?$")
URL_RE = re.compile(r"^https?://\S+$")
MAX_SUMMARY = 200
MAX_NOTES = 600
MAX_TEXT = 20_000
_FACTS = frozenset(FACT_FIELDS)  # for membership (FACT_FIELDS keeps the order)
_SOURCE_FIELDS = {True: frozenset(("title", "url", "supports")), False: frozenset(("title", "url"))}


# Fields a user's own file may leave out (the file itself is the source; see DESIGN.md "User data").
USER_OPTIONAL = ("aliases", "sources")
USER_SOURCE = "user data file"  # the title of the source a user's unsourced fact is shown with


class _Checker:
    """Collects problems for one entry, each at the line of the field it is about."""

    def __init__(self, raw: dict, file: str, user: bool) -> None:
        self.raw = raw
        self.file = file
        self.user = user
        self.line = getattr(raw, "line", None)
        self.key_lines: dict[str, int] = getattr(raw, "key_lines", None) or {}
        entry_id = raw.get("id")
        self.entry = entry_id if isinstance(entry_id, str) else None
        self.problems: list[Problem] = []
        self.misnamed: set[str] = set()  # facts a source's 'supports' misspelt (see sources())

    def problem(self, field: str | None, message: str, *, line: int | None = None, fix: str | None = None) -> None:
        where = line or (self.key_lines.get(field) if field else None) or self.line
        self.problems.append(Problem(self.file, where, self.entry, field, message, fix))

    def fields(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        required, needed, allowed = _shape(required, optional, self.user)
        raw = self.raw
        if not raw.keys() >= needed:  # in the order of the schema, as the loops below report
            for name in required:
                if name not in raw:
                    self.problem(name, "missing required field")
        if not allowed.issuperset(raw):
            for name in raw:
                if name not in allowed:
                    self.problem(name, f"unknown field{did_you_mean(name, allowed)} "
                                       f"(allowed: {', '.join(sorted(allowed))})")

    def text(self, name: str, *, limit: int = MAX_TEXT, required: bool = True) -> str | None:
        value = self.raw.get(name)
        if value is None:
            if required and name in self.raw:
                self.problem(name, "must not be empty")
            return None
        if not isinstance(value, str):
            self.problem(name, f"must be text, got {_describe(value)}; put it in quotes")
            return None
        value = value.strip()
        if not value:
            self.problem(name, "must not be empty")
            return None
        if len(value) > limit:
            self.problem(name, f"is {len(value)} characters; at most {limit}")
        return value

    def ident(self, name: str, *, required: bool = True) -> str | None:
        value = self.text(name, limit=100, required=required)
        if value is not None and not _is_id(value):
            self.problem(name, f"'{value}' is not a kebab-case id (lowercase letters, digits, single hyphens)")
            return None
        return value

    def choice(self, name: str, options: tuple[str, ...]) -> str | None:
        value = self.text(name, limit=100)
        if value is not None and value not in options:
            self.problem(name, f"'{value}' is not one of: {', '.join(options)}")
            return None
        return value

    def text_list(self, name: str, *, ids: bool = False) -> list[str]:
        value = self.raw.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(name, f"must be a list, got {_describe(value)}")
            return []
        out: list[str] = []
        for item in value:
            text = item.strip() if isinstance(item, str) else ""
            if not text:
                self.problem(name, f"items must be text, got {_describe(item)}; put it in quotes")
            elif ids and not _is_id(item):
                self.problem(name, f"'{item}' is not a kebab-case id")
            else:
                out.append(text)
        return out

    def url(self, value: Any, field: str, line: int | None = None) -> str | None:
        text = value.strip() if isinstance(value, str) else ""
        if not URL_RE.match(text):
            self.problem(field, f"{_describe(value)} is not an http(s) URL", line=line)
            return None
        return text

    def optional_url(self, name: str) -> str | None:
        """The URL in field `name`, checked only when present (its absence is fields()' to report)."""
        return self.url(self.raw[name], name) if name in self.raw else None

    def sources(self, *, supports: bool) -> list[Source]:
        """The entry's sources. A fact name in `supports` that is a near miss of a fact name is
        remembered in `self.misnamed`, so the fact is not also reported as unsupported."""
        value = self.raw.get("sources")
        if value is None or (self.user and value == []):
            return []
        if not isinstance(value, list) or not value:
            self.problem("sources", "must be a non-empty list of {title, url}")
            return []
        out = []
        allowed = _SOURCE_FIELDS[supports]
        for item in value:
            if not isinstance(item, dict):
                self.problem("sources", f"each source must be a mapping, got {_describe(item)}")
                continue
            start = getattr(item, "line", None)
            lines = getattr(item, "key_lines", None) or {}
            if not allowed.issuperset(item):
                for key in item:
                    if key not in allowed:
                        self.problem("sources", f"unknown source field '{key}'{did_you_mean(key, allowed)} "
                                                f"(allowed: {', '.join(sorted(allowed))})", line=lines.get(key))
            title = item.get("title")
            if not isinstance(title, str) or not title.strip():
                self.problem("sources", "every source needs a title", line=lines.get("title", start))
                continue
            if "url" not in item:
                self.problem("sources", "every source needs a url", line=start)
                continue
            url = self.url(item["url"], "sources", lines.get("url"))
            facts = item.get("supports", [])
            if not isinstance(facts, list):
                self.problem("sources", f"'supports' must be a list of fact names, got {_describe(facts)}",
                             line=lines.get("supports"))
                facts = []
            named = _fact_names(facts)
            if len(named) < len(facts):
                for fact in facts:
                    if fact not in named:
                        close = closest(fact, FACT_FIELDS)
                        if close:
                            self.misnamed.add(close)
                        self.problem("sources", f"'supports' names '{fact}'{did_you_mean(fact, FACT_FIELDS)}, "
                                                f"not one of: {', '.join(FACT_FIELDS)}", line=lines.get("supports"))
            if url:
                out.append(Source(title.strip(), url, named))
        return out

    def file_sources(self, facts: list[str]) -> list[Source]:
        """In a user's file, each stated fact no source supports comes from the file itself."""
        return [Source(USER_SOURCE, "", (fact,), file=self.file, line=self.key_lines.get(fact, self.line))
                for fact in facts]


def _fact_names(items: list) -> tuple[str, ...]:
    """The items that name a fact, in order (all of them, unless 'supports' has a mistake)."""
    try:
        if _FACTS.issuperset(items):
            return tuple(items)
    except TypeError:  # an item that is a list or a mapping
        pass
    return tuple(item for item in items if isinstance(item, str) and item in _FACTS)


@functools.cache
def _is_id(text: str) -> bool:
    """Whether `text` is a kebab-case id; remembered, as the same ids recur in every list of references."""
    return ID_RE.match(text) is not None


@functools.cache
def _shape(required: tuple[str, ...], optional: tuple[str, ...],
           user: bool) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """The fields an entry must have (in a user's file, not those of USER_OPTIONAL; in order and
    as a set) and those it may have: a handful of combinations, each worked out once."""
    if user:
        optional = (*optional, *(n for n in required if n in USER_OPTIONAL))
        required = tuple(n for n in required if n not in USER_OPTIONAL)
    return required, frozenset(required), frozenset(required) | frozenset(optional)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (YAML reads yes/no/on/off-like words as booleans)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value) if isinstance(value, str) and len(value) < 60 else type(value).__name__


def check_date(value: Any) -> str:
    """'YYYY-MM' or 'YYYY-MM-DD' that exists on the calendar. ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"must be a date \"YYYY-MM\" or \"YYYY-MM-DD\" in quotes, got {_describe(value)}")
    text = value.strip()
    match = DATE_RE.match(text)
    if not match:
        raise ValueError(f"'{value}' is not a date \"YYYY-MM\" or \"YYYY-MM-DD\"")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None
    return text


def _count_or_marker(value: Any, *, allow_na: bool) -> int | str:
    if isinstance(value, str) and value.strip() in (UNDISCLOSED, NOT_APPLICABLE):
        if value.strip() == NOT_APPLICABLE and not allow_na:
            raise ValueError("'n/a' is not allowed here")
        return value.strip()
    return parse_count(value)


def _parameters(value: Any) -> int | dict | str:
    if isinstance(value, dict):
        unknown = set(value) - {"total", "active"}
        if unknown or "total" not in value:
            raise ValueError("must be {total: 671B, active: 37B}")
        total = parse_count(value["total"])
        active = value.get("active")
        active = None if active in (None, UNDISCLOSED) else parse_count(active)
        if active is not None and active > total:
            raise ValueError("active parameters exceed the total")
        return {"total": total, "active": active}
    return _count_or_marker(value, allow_na=False)


def _modality(value: Any) -> dict:
    if not isinstance(value, dict) or set(value) != {"input", "output"}:
        raise ValueError("must be {input: [text], output: [text]}")
    out = {}
    for side in ("input", "output"):
        items = value[side]
        if not isinstance(items, list) or not items:
            raise ValueError(f"'{side}' must be a non-empty list")
        for item in items:
            if item not in MODALITIES:
                raise ValueError(f"'{item}' is not a modality ({', '.join(MODALITIES)})")
        out[side] = list(items)
    return out


def _open_weights(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _short_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be text, got {_describe(value)}; put it in quotes")
    if value.strip() == NOT_APPLICABLE:
        raise ValueError("'n/a' is not allowed here")
    return value.strip()


def _date_or_undisclosed(value: Any) -> str:
    if value == UNDISCLOSED:
        return UNDISCLOSED
    return check_date(value)


def _release(value: Any) -> str:
    return UNRELEASED if value == UNRELEASED else _date_or_undisclosed(value)


def _capabilities(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"must be a non-empty list such as [reasoning, tool-use] (choose from: "
                         f"{', '.join(CAPABILITIES)})")
    for item in value:
        if item not in CAPABILITIES:
            raise ValueError(f"'{item}' is not a capability (choose from: {', '.join(CAPABILITIES)})")
    if len(set(value)) != len(value):
        raise ValueError("names a capability twice")
    return [c for c in CAPABILITIES if c in value]


def _weights(value: Any) -> str:
    if not isinstance(value, str) or not URL_RE.match(value.strip()):
        raise ValueError(f"{_describe(value)} is not an http(s) address of the weights")
    return value.strip()


FACT_PARSERS: dict[str, Callable[[Any], Any]] = {
    "release": _release,
    "announced": check_date,
    "open_weights": _open_weights,
    "license": _short_text,
    "parameters": _parameters,
    "context_window": lambda v: _count_or_marker(v, allow_na=True),
    "max_output_tokens": lambda v: _count_or_marker(v, allow_na=True),
    "modality": _modality,
    "capabilities": _capabilities,
    "training_tokens": lambda v: _count_or_marker(v, allow_na=False),
    "knowledge_cutoff": _date_or_undisclosed,
    "architecture": _short_text,
    "deprecated": check_date,
    "retired": check_date,
    "weights": _weights,
}

TERM_REQUIRED = ("id", "name", "aliases", "category", "level", "summary", "definition", "related", "sources")
TERM_OPTIONAL = ("example", "contrasts")
ORG_REQUIRED = ("id", "name", "aliases", "summary", "url")
ORG_OPTIONAL = ("sources", "related")
USER_ORG_REQUIRED = ("id", "name")
MODEL_REQUIRED = {
    "family": ("id", "name", "kind", "organization", "summary", "aliases", "sources"),
    "model": ("id", "name", "kind", "organization", "summary", "aliases", "release", "open_weights",
              "license", "modality", "sources"),
    "variant": ("id", "name", "kind", "parent", "summary", "sources"),
}
MODEL_OPTIONAL = {
    "family": ("concepts", "notes"),
    "model": ("family", "parent", "announced", "parameters", "context_window", "max_output_tokens", "capabilities",
              "training_tokens", "knowledge_cutoff", "architecture", "based_on", "deprecated", "retired", "weights",
              "concepts", "notes", "provider_ids"),
    "variant": ("aliases", "organization", "family", *FACT_FIELDS, "concepts", "notes", "provider_ids"),
}


def check_term(raw: dict, file: str, *, user: bool = False) -> tuple[Term | None, list[Problem]]:
    c = _Checker(raw, file, user)
    c.fields(TERM_REQUIRED, TERM_OPTIONAL)
    term_id = c.ident("id")
    name = c.text("name", limit=120)
    summary = c.text("summary", limit=MAX_SUMMARY)
    definition = c.text("definition")
    category = c.choice("category", CATEGORIES)
    level = c.choice("level", LEVELS)
    contrasts: dict[str, str] = {}
    raw_contrasts = raw.get("contrasts")
    if raw_contrasts is not None:
        if not isinstance(raw_contrasts, dict):
            c.problem("contrasts", "must be a mapping of term id to text")
        else:
            for key, text in raw_contrasts.items():
                if not _is_id(key):
                    c.problem("contrasts", f"'{key}' is not a kebab-case id")
                elif not isinstance(text, str) or not text.strip():
                    c.problem("contrasts", f"the contrast with '{key}' must be text")
                else:
                    contrasts[key] = text.strip()
    term = Term(
        id=term_id or "", name=name or "", aliases=c.text_list("aliases"), category=category or "",
        level=level or "", summary=summary or "", definition=definition or "",
        related=c.text_list("related", ids=True), sources=c.sources(supports=False),
        example=c.text("example", required=False), contrasts=contrasts,
        origin=Origin(file, c.line, c.key_lines))
    if raw.get("sources") and not term.sources and not any(p.field == "sources" for p in c.problems):
        c.problem("sources", "needs at least one source")
    return (None if c.problems else term), c.problems


def check_organization(raw: dict, file: str, *, user: bool = False) -> tuple[Organization | None, list[Problem]]:
    """In a user's file an organization needs only an id and a name."""
    c = _Checker(raw, file, user)
    c.fields(USER_ORG_REQUIRED if user else ORG_REQUIRED, ORG_OPTIONAL + (ORG_REQUIRED if user else ()))
    org = Organization(
        id=c.ident("id") or "", name=c.text("name", limit=120) or "", aliases=c.text_list("aliases"),
        summary=c.text("summary", limit=400) or "", url=c.optional_url("url") or "",
        sources=c.sources(supports=False), related=c.text_list("related", ids=True),
        origin=Origin(file, c.line, c.key_lines))
    return (None if c.problems else org), c.problems


MAX_PROVIDER_ID = 200


def _provider_ids(c: _Checker) -> list[str]:
    """How provider catalogs name the model (`gpt-4o-2024-08-06`, `anthropic/claude-opus-4.5`): each
    a model id as a catalog writes it, or `provider/model id`; compared ignoring case."""
    out: list[str] = []
    seen: set[str] = set()
    for pid in c.text_list("provider_ids"):
        # Every whitespace character but the space is unprintable.
        if len(pid) > MAX_PROVIDER_ID or " " in pid or not pid.isprintable():
            c.problem("provider_ids", f"'{pid[:60]}' is not a provider model id (no spaces, at most "
                      f"{MAX_PROVIDER_ID} characters)")
        elif pid.casefold() in seen:
            c.problem("provider_ids", f"'{pid}' is listed twice")
        else:
            out.append(pid)
            seen.add(pid.casefold())
    return out


def check_model(raw: dict, file: str, *, user: bool = False) -> tuple[ModelEntry | None, list[Problem]]:
    """In a user's file a stated fact no source supports is sourced to the file and line itself."""
    c = _Checker(raw, file, user)
    kind = c.choice("kind", MODEL_KINDS)
    if kind is None:
        if "kind" not in raw:
            c.problem("kind", f"missing required field (one of: {', '.join(MODEL_KINDS)})")
        return None, c.problems
    c.fields(MODEL_REQUIRED[kind], MODEL_OPTIONAL[kind])
    facts: dict[str, Any] = {}
    if kind != "family":
        for name, parse in FACT_PARSERS.items():
            if name in raw:
                try:
                    facts[name] = parse(raw[name])
                except ValueError as exc:
                    c.problem(name, str(exc))
    based_on = c.text_list("based_on", ids=True)
    if based_on:
        facts["based_on"] = based_on
    parent = raw.get("parent")
    if kind == "model" and parent is not None:
        c.problem("parent", "only a variant has a parent (a model may name its family)")
    entry = ModelEntry(
        id=c.ident("id") or "", name=c.text("name", limit=120) or "", kind=kind,
        aliases=c.text_list("aliases"), summary=c.text("summary", limit=400) or "",
        sources=c.sources(supports=True), organization=c.ident("organization", required=False),
        family=c.ident("family", required=False),
        parent=c.ident("parent", required=False) if kind == "variant" else None,
        facts=facts, concepts=c.text_list("concepts", ids=True), notes=c.text("notes", limit=MAX_NOTES, required=False),
        provider_ids=_provider_ids(c),
        origin=Origin(file, c.line, c.key_lines))
    stated = {k for k, v in facts.items() if v not in (UNDISCLOSED, NOT_APPLICABLE)}
    supported = {f for s in entry.sources for f in s.supports}
    unsupported = sorted(stated - supported - c.misnamed, key=FACT_FIELDS.index)
    if user:
        entry.sources.extend(c.file_sources(unsupported))
    else:
        for fact in unsupported:
            c.problem(fact, "no source supports this fact (name it in a source's 'supports')")
    return (None if c.problems else entry), c.problems
