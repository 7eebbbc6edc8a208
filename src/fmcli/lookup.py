"""Query normalisation and the "did you mean" candidates for a miss.

A candidate must share whole words with the query: each word of the query matches a word of one
of the entry's labels (id, name or alias) exactly, as the start of a longer word ("opus" ->
"Opus", "mixt" -> "Mixtral"), or with a typo ("antropic" -> "Anthropic"). Letters that merely
occur inside another word ("opus" in "corpus") never count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\d+|[^\W\d_]+")  # runs of digits and runs of letters: "gpt-4o" -> gpt, 4, o

MIN_PREFIX = 3  # a shorter start of a word ("ge") says too little
EXACT, PREFIX, TYPO = 1.0, 0.9, 0.85
EXTRA_WORD = 16.0  # each word of a label the query did not ask for: "opus" is not "Claude Opus 5"
PARTIAL_CAP = 60.0  # a label that misses a word of the query is offered, never chosen


def normalize(text: str) -> str:
    """'Llama 3', 'LLAMA-3', 'llama_3' and 'llama3' all give 'llama3'."""
    if not text.isascii():  # NFKC leaves ASCII unchanged; skip importing unicodedata for it
        import unicodedata
        text = unicodedata.normalize("NFKC", text)
    # What it drops is whitespace (str.split() drops exactly what the regex \s matches) and . _ -;
    # three replace() and a split() are 3x faster than one re.sub, and a cold build normalises
    # every id, name and alias.
    return "".join(text.casefold().replace("-", "").replace(".", "").replace("_", "").split())


def words(text: str) -> list[str]:
    """The words of a label or query, as suggestions compare them: 'GPT-4o mini' -> gpt, 4, o, mini."""
    if not text.isascii():
        import unicodedata
        text = unicodedata.normalize("NFKC", text)
    return _WORD.findall(text.casefold())


def max_typos(word: str) -> int:
    """Edits tolerated in a word: none in short words and numbers, one up to 7 letters, then two
    (and never in the first letter, see typo_pairs)."""
    if word.isdigit() or len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def word_match(wanted: str, word: str, typo_ok: bool) -> float:
    """How well a label word answers a query word: exact, a prefix of it, a typo of it, or not."""
    if word == wanted:
        return EXACT
    if wanted.isdigit() or word.isdigit():
        return 0.0  # "3" is not "30", nor a typo of it
    if len(wanted) >= MIN_PREFIX and word.startswith(wanted):
        return PREFIX
    return TYPO if typo_ok else 0.0


def label_score(query: list[str], label: list[str], typos: set[tuple[str, str]]) -> float:
    """0-100: how likely a label is what the query meant; `typos` holds the (query word, label word)
    pairs within a typo of each other."""
    if not query or not label:
        return 0.0
    used: set[int] = set()
    total = 0.0
    matched_letters = 0
    for wanted in query:
        best, best_at = 0.0, -1
        for at, word in enumerate(label):
            if at in used:
                continue
            value = word_match(wanted, word, (wanted, word) in typos)
            if value > best:
                best, best_at = value, at
        if best_at >= 0:
            used.add(best_at)
            total += best
            matched_letters += 0 if wanted.isdigit() else len(wanted)
    if matched_letters < 2 and len(used) < 2:
        return 0.0  # "4" or "o" alone matches too much; "r1" or "4o" is enough
    if total == 0:
        return 0.0
    coverage = total / len(query)
    score = 100.0 * coverage - EXTRA_WORD * (len(label) - len(used))
    if len(used) < len(query):
        if coverage < 0.5:
            return 0.0
        score = min(score, PARTIAL_CAP)
    return max(score, 1.0)


def typo_pairs(query: list[str], vocabulary: Iterable[str]) -> set[tuple[str, str]]:
    """(query word, vocabulary word) pairs within max_typos of each other. rapidfuzz is imported
    here, only when an exact lookup has missed."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    vocabulary = list(vocabulary)
    pairs: set[tuple[str, str]] = set()
    for wanted in set(query):
        limit = max_typos(wanted)
        if limit:
            for word, _, _ in process.extract(wanted, vocabulary, scorer=OSA.distance,
                                              score_cutoff=limit, limit=None):
                if word[:1] == wanted[:1]:  # "opus" is no typo of "gpus"
                    pairs.add((wanted, word))
    return pairs


def matching_words(query: list[str], vocabulary: Iterable[str], typos: set[tuple[str, str]]) -> set[str]:
    """The vocabulary words that answer some query word (exactly, as a prefix, or as a typo)."""
    return {word for word in vocabulary for wanted in query if word_match(wanted, word, (wanted, word) in typos)}


def whole_typo(query: str, label: str) -> float:
    """0-100 for a label the query misspells as a whole ("llama3x" for "Llama 3"), else 0: the
    normalised strings one edit apart, with the same first letter and the same numbers (as in
    word_match, "3" is never a typo of "31")."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    wanted, key = normalize(query), normalize(label)
    if len(wanted) < 4 or wanted[:1] != key[:1] or _DIGITS.findall(wanted) != _DIGITS.findall(key):
        return 0.0
    return fuzz.ratio(wanted, key) if OSA.distance(wanted, key) <= 1 else 0.0


def rank(query: list[str], labels: Iterable[tuple[str, str]], typos: set[tuple[str, str]],
         limit: int = 5) -> list[tuple[str, float]]:
    """Entries by their best-scoring label, best first; a tie goes to the entry whose label has fewer
    words (the broader one), then to the id. Labels missing a word of the query are offered only
    when no label has them all."""
    best: dict[str, tuple[float, int]] = {}
    text = " ".join(query)
    for entry, label in labels:
        label_words = words(label)
        score = max(label_score(query, label_words, typos), whole_typo(text, label))
        previous = best.get(entry)
        if score > 0 and (previous is None or (score, -len(label_words)) > (previous[0], -previous[1])):
            best[entry] = (score, len(label_words))
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
    if ranked and ranked[0][1][0] > PARTIAL_CAP:  # labels with every word of the query: only those
        ranked = [item for item in ranked if item[1][0] > PARTIAL_CAP]
    return [(entry, score) for entry, (score, _) in ranked[:limit]]


def suggest(query: str, labels: list[tuple[str, str]], limit: int = 5) -> list[tuple[str, float]]:
    """Closest entry ids for a query that matched nothing exactly, best first, with scores 0-100,
    from (entry id, label) pairs: every id, name and alias."""
    wanted = words(query)
    if not wanted:
        return []
    typos = typo_pairs(wanted, {w for _, label in labels for w in words(label)})
    return rank(wanted, labels, typos, limit)


def clear_winner(candidates: list[tuple[str, float]]) -> str | None:
    """The one candidate a person may be given without asking, if there is exactly one clear one."""
    if not candidates:
        return None
    if len(candidates) == 1 and candidates[0][1] > PARTIAL_CAP:
        return candidates[0][0]  # the only entry with every word of the query
    top = candidates[0][1]
    runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
    return candidates[0][0] if top >= 85 and top - runner_up >= 6 else None
