"""Validation of single entries against the schema of DESIGN.md.

Each `check_*` function takes one raw mapping and returns a record (or None) plus the problems
found; it never raises. Cross-entry rules (references, uniqueness) live in catalog.py.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from fmcli.errors import Problem
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


class _Checker:
    """Collects problems for one entry; each `get_*` returns a clean value or None."""

    def __init__(self, raw: dict, file: str) -> None:
        self.raw = raw
        self.file = file
        self.line = getattr(raw, "line", None)
        entry_id = raw.get("id")
        self.entry = entry_id if isinstance(entry_id, str) else None
        self.problems: list[Problem] = []

    def problem(self, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, self.entry, field, message))

    def fields(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        for name in required:
            if name not in self.raw:
                self.problem(name, "missing required field")
        allowed = set(required) | set(optional)
        for name in self.raw:
            if name not in allowed:
                self.problem(name, f"unknown field (allowed: {', '.join(sorted(allowed))})")

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
        if value is not None and not ID_RE.match(value):
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
            if not isinstance(item, str) or not item.strip():
                self.problem(name, f"items must be text, got {_describe(item)}; put it in quotes")
            elif ids and not ID_RE.match(item):
                self.problem(name, f"'{item}' is not a kebab-case id")
            else:
                out.append(item.strip())
        return out

    def url(self, value: Any, field: str) -> str | None:
        if not isinstance(value, str) or not URL_RE.match(value.strip()):
            self.problem(field, f"{_describe(value)} is not an http(s) URL")
            return None
        return value.strip()

    def sources(self, *, supports: bool) -> list[Source]:
        value = self.raw.get("sources")
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.problem("sources", "must be a non-empty list of {title, url}")
            return []
        out = []
        allowed = {"title", "url", "supports"} if supports else {"title", "url"}
        for item in value:
            if not isinstance(item, dict):
                self.problem("sources", f"each source must be a mapping, got {_describe(item)}")
                continue
            for key in item:
                if key not in allowed:
                    self.problem("sources", f"unknown source field '{key}' (allowed: {', '.join(sorted(allowed))})")
            title = item.get("title")
            if not isinstance(title, str) or not title.strip():
                self.problem("sources", "every source needs a title")
                continue
            url = self.url(item.get("url"), "sources")
            facts = item.get("supports", [])
            if not isinstance(facts, list):
                self.problem("sources", f"'supports' must be a list of fact names, got {_describe(facts)}")
                facts = []
            for fact in facts:
                if fact not in FACT_FIELDS:
                    self.problem("sources", f"'supports' names '{fact}', not one of: {', '.join(FACT_FIELDS)}")
            if url:
                out.append(Source(title.strip(), url, tuple(f for f in facts if f in FACT_FIELDS)))
        return out


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
    match = DATE_RE.match(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not a date \"YYYY-MM\" or \"YYYY-MM-DD\"")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None
    return value.strip()


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
              "concepts", "notes"),
    "variant": ("aliases", "organization", "family", *FACT_FIELDS, "concepts", "notes"),
}


def check_term(raw: dict, file: str) -> tuple[Term | None, list[Problem]]:
    c = _Checker(raw, file)
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
                if not ID_RE.match(key):
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
        origin=Origin(file, c.line))
    if "sources" in raw and not term.sources and not any(p.field == "sources" for p in c.problems):
        c.problem("sources", "needs at least one source")
    return (None if c.problems else term), c.problems


def check_organization(raw: dict, file: str) -> tuple[Organization | None, list[Problem]]:
    c = _Checker(raw, file)
    c.fields(ORG_REQUIRED, ORG_OPTIONAL)
    org = Organization(
        id=c.ident("id") or "", name=c.text("name", limit=120) or "", aliases=c.text_list("aliases"),
        summary=c.text("summary", limit=400) or "", url=c.url(raw.get("url"), "url") or "",
        sources=c.sources(supports=False), related=c.text_list("related", ids=True),
        origin=Origin(file, c.line))
    return (None if c.problems else org), c.problems


def check_model(raw: dict, file: str) -> tuple[ModelEntry | None, list[Problem]]:
    c = _Checker(raw, file)
    kind = c.choice("kind", MODEL_KINDS)
    if kind is None:
        return None, c.problems
    c.fields(MODEL_REQUIRED[kind], MODEL_OPTIONAL[kind])
    facts: dict[str, Any] = {}
    for name, parse in FACT_PARSERS.items():
        if name in raw and kind != "family":
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
        origin=Origin(file, c.line))
    stated = {k for k, v in facts.items() if v not in (UNDISCLOSED, NOT_APPLICABLE)}
    supported = {f for s in entry.sources for f in s.supports}
    for fact in sorted(stated - supported, key=FACT_FIELDS.index):
        c.problem(fact, "no source supports this fact (name it in a source's 'supports')")
    return (None if c.problems else entry), c.problems
