"""Which catalog entry a provider's model id names: first the bundled `provider_ids` of an
entry, then its id, name and aliases (ignoring case, spaces, dots, hyphens and underscores)
against the model id with what providers add stripped, one layer at a time: the provider or
region prefix (`anthropic/`, `us.anthropic.`, Databricks' `databricks-meta-`), a version tag
(`-v1:0`, `:free`), Fireworks' `p` for a dot (`kimi-k2p5`), then a date (`-2024-08-06`,
`-20240620`, `-0613`, `@001`) or `-latest` / `-preview` / `-instruct`. The least stripped form
that names an entry wins, so a dated snapshot with its own entry keeps it. The display name comes
next, and last the id without Fireworks' `v` before a version (`llama-v3p1-70b`): tried earlier,
that would read `deepseek-v3` as something else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fmcli.lookup import normalize
from fmcli.providers.offer import Offer

_VENDOR = re.compile(r"^(?:(?:us|eu|apac|global|jp|au|ca)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|"
                     r"deepseek|qwen|openai|writer|google|moonshotai|minimax|twelvelabs)\.")
_HOSTED = re.compile(r"^databricks-(?:meta-)?")  # databricks/databricks-meta-llama-3-1-8b-instruct
_TAG = re.compile(r"(?:-v\d+)?(?::[\w.-]*)+$")  # bedrock's -v1:0, OpenRouter's :free, :beta
_TAIL = re.compile(r"(?:[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4})"
                   r"|-(?:latest|preview|exp|instruct|chat|it|turbo|fp8|fp16|bf16|int4|int8))$")
_FIREWORKS = re.compile(r"(?<=\d)p(?=\d)")  # Fireworks writes kimi-k2p5 for kimi-k2.5
_VERSION = re.compile(r"^([a-z]+)-v(?=\d)")  # and llama-v3p1-70b-instruct for llama-3.1-70b
LABEL = re.compile(r"^[^:]{1,40}:\s+|\s*\([^)]*\)$")  # "Anthropic: ", " (latest)" in display names


def _stripped(text: str) -> list[str]:
    """`text`, then without its tails one layer at a time."""
    out = [text]
    for _ in range(4):  # "claude-3-5-sonnet-20240620-latest": a few layers at most
        shorter = _TAIL.sub("", out[-1])
        if shorter == out[-1] or not shorter:
            break
        out.append(shorter)
    return out


def forms(model: str, name: str | None = None) -> list[str]:
    """The keys a provider's model id may be known by in fm, least stripped first."""
    raw = model.strip().casefold().rsplit("/", 1)[-1]
    text = _TAG.sub("", _VENDOR.sub("", _HOSTED.sub("", _FIREWORKS.sub(".", raw))))
    out = [raw, *_stripped(text)]
    if name:
        out.append(LABEL.sub("", LABEL.sub("", name)))
    unversioned = _VERSION.sub(r"\1-", text)  # last: "deepseek-v3" is an id as written
    if unversioned != text:
        out += _stripped(unversioned)
    return list(dict.fromkeys(k for k in map(normalize, out) if k))


class Matcher:
    """Provider model ids -> catalog entry ids, from the index's keys and the entries' provider_ids."""

    def __init__(self, keys: dict[str, str], provider_ids: dict[str, str]) -> None:
        self.keys = keys  # normalised id, name or alias -> entry id (models and variants only)
        self.provider_ids = {p.casefold(): entry for p, entry in provider_ids.items()}

    @classmethod
    def from_index(cls, db) -> "Matcher":
        keys = dict(db.execute("SELECT k.key, k.id FROM keys k JOIN entries e ON e.id = k.id "
                               "WHERE e.kind IN ('model', 'variant')"))
        provider_ids: dict[str, str] = {}
        import json
        for entry, listed in db.execute("SELECT id, json_extract(doc, '$.provider_ids') FROM entries "
                                        "WHERE json_array_length(doc, '$.provider_ids') > 0"):
            for pid in json.loads(listed):
                provider_ids[pid] = entry
        return cls(keys, provider_ids)

    def entry(self, offer: Offer) -> str | None:
        model = offer.model.casefold()
        for pid in (f"{offer.provider.casefold()}/{model}", model, model.rsplit("/", 1)[-1]):
            if pid in self.provider_ids:
                return self.provider_ids[pid]
        for key in forms(offer.model, offer.name):
            if key in self.keys:
                return self.keys[key]
        return None

    def entries(self, offers: Iterable[Offer]) -> list[str | None]:
        return [self.entry(o) for o in offers]
