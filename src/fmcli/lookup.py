"""Query normalisation and the "did you mean" candidates for a miss."""

from __future__ import annotations

import re

_IGNORED = re.compile(r"[\s._\-]+")


def normalize(text: str) -> str:
    """'Llama 3', 'LLAMA-3', 'llama_3' and 'llama3' all give 'llama3'."""
    if not text.isascii():  # NFKC leaves ASCII unchanged; skip importing unicodedata for it
        import unicodedata
        text = unicodedata.normalize("NFKC", text)
    return _IGNORED.sub("", text.casefold())


def suggest(query: str, keys: dict[str, str], names: dict[str, str], limit: int = 5) -> list[tuple[str, float]]:
    """Closest entry ids for a query that matched nothing exactly, best first, with scores 0-100.

    `keys` maps normalised id/name/alias to entry id; `names` maps entry id to display name.
    rapidfuzz is imported here, only when an exact lookup has missed.
    """
    from rapidfuzz import fuzz, process

    wanted = normalize(query)
    if not wanted:
        return []
    best: dict[str, float] = {}
    for key, score, _ in process.extract(wanted, list(keys), scorer=fuzz.ratio, limit=limit * 4,
                                         score_cutoff=60):
        entry = keys[key]
        # A prefix match ("llam" -> "llama3") is a stronger hint than scattered letters.
        if key.startswith(wanted) and len(wanted) >= 3:
            score = max(score, 80.0)
        if score > best.get(entry, 0):
            best[entry] = score
    ranked = sorted(best.items(), key=lambda item: (-item[1], len(names.get(item[0], item[0]))))
    return ranked[:limit]


def clear_winner(candidates: list[tuple[str, float]]) -> str | None:
    """The one candidate a person may be given without asking, if there is exactly one clear one."""
    if not candidates:
        return None
    top = candidates[0][1]
    runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
    return candidates[0][0] if top >= 85 and top - runner_up >= 6 else None
