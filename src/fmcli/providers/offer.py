"""One provider's offer of one model, as a catalog states it, with hostile values made harmless.

A catalog file is data from the network: ids may hold markup, escape codes, slashes or `..`;
numbers may be negative, NaN, strings or 1e308. Text is kept as text (shown inert by the
renderers, never used in a path) and capped in length; a number outside a sane range is dropped.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from fmcli.errors import ExitCode, FmError

MAX_TEXT = 200
MAX_PRICE = 1_000_000.0  # USD per 1M tokens; anything above is an error in the catalog
MAX_TOKENS = 1_000_000_000
PER_MILLION = 1_000_000.0  # a price per token times this is a price per 1M tokens


class CatalogFileError(FmError):
    """A file is not the catalog it was said to be (or is damaged)."""

    code = "invalid_catalog"
    exit_code = ExitCode.INVALID_DATA


class Offer(NamedTuple):
    provider: str
    model: str  # the provider's own model id
    name: str | None
    input: float | None  # USD per 1M tokens
    output: float | None
    cached: float | None  # cached input (a cache read)
    context: int | None  # tokens
    max_output: int | None
    capabilities: tuple[str, ...] = ()  # in fm's vocabulary (vocab.CAPABILITIES)

    def as_dict(self) -> dict:
        return {"provider": self.provider, "model": self.model, "name": self.name, "input": self.input,
                "output": self.output, "cached": self.cached, "context": self.context,
                "max_output": self.max_output, "capabilities": list(self.capabilities)}


def text(value: object) -> str | None:
    """A string as text, capped; anything else (numbers, lists, null) is None."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


def price(value: object, scale: float = 1.0) -> float | None:
    """A price per 1M tokens: `value` times `scale` (per token -> per 1M), rounded, within range."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    result = float(value) * scale
    if not math.isfinite(result) or result < 0 or result > MAX_PRICE:
        return None
    return round(result, 6)


def tokens(value: object) -> int | None:
    """A token count: a positive whole number within range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or value != int(value) or not 0 < value <= MAX_TOKENS:
        return None
    return int(value)


def capabilities(present: object, names: dict[str, str]) -> tuple[str, ...]:
    """fm's capabilities, in fm's order, that the catalog's `present` names (its flags or supported
    parameters; `names`: catalog name -> capability) stand for; a `present` that is no list is none."""
    from fmcli.vocab import CAPABILITIES

    found = {names[p] for p in (present if isinstance(present, list) else []) if isinstance(p, str) and p in names}
    return tuple(c for c in CAPABILITIES if c in found)


def flags(record: dict, names: dict[str, str]) -> tuple[str, ...]:
    """fm's capabilities whose catalog flag (`names`: catalog key -> capability) is true."""
    return capabilities([key for key in names if record.get(key) is True], names)


def section(record: dict, key: str) -> dict:
    """A nested object of a record (`cost`, `pricing`...), or an empty one when it is not an object."""
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def mapping(data: object, what: str, catalog: str) -> dict:
    if not isinstance(data, dict):
        raise CatalogFileError(f"not a {catalog} file: expected {what}, found {type(data).__name__}")
    return data
