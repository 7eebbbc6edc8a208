"""Validated records: what the loader hands on to the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """A cited source; or, for a fact a user's own file states without one, that file and line
    (`url` empty, `file` and `line` set)."""

    title: str
    url: str
    supports: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None

    def as_dict(self, with_supports: bool = True) -> dict:
        out: dict[str, Any] = {"title": self.title, "url": self.url or None}
        if self.file is not None:
            out.update(file=self.file, line=self.line)
        if with_supports:
            out["supports"] = list(self.supports)
        return out


@dataclass
class Origin:
    """Where an entry was read from, and the line of each of its fields, for error messages."""

    file: str
    line: int | None
    fields: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str | None) -> int | None:
        return (self.fields.get(name) if name else None) or self.line


@dataclass
class Term:
    id: str
    name: str
    aliases: list[str]
    category: str
    level: str
    summary: str
    definition: str
    related: list[str]
    sources: list[Source]
    example: str | None = None
    contrasts: dict[str, str] = field(default_factory=dict)
    origin: Origin | None = None
    kind: str = "term"


@dataclass
class Organization:
    id: str
    name: str
    aliases: list[str]
    summary: str
    url: str
    sources: list[Source] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # ids of organizations a reader may confuse it with
    origin: Origin | None = None
    kind: str = "organization"


@dataclass
class ModelEntry:
    """A family, model or variant. `facts` holds only what this entry states itself,
    normalised (counts as int, undisclosed as the string 'undisclosed')."""

    id: str
    name: str
    kind: str
    aliases: list[str]
    summary: str
    sources: list[Source]
    organization: str | None = None
    family: str | None = None
    parent: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)
    notes: str | None = None  # a short remark on the entry (a later snapshot's change); not inherited
    origin: Origin | None = None
    provider_ids: list[str] = field(default_factory=list)  # how provider catalogs name it; not inherited


Entry = Term | Organization | ModelEntry
