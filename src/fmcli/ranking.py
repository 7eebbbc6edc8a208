"""The order of search results: full-text hits (bm25 order) re-ranked by what a query names.

    1. EXACT     the entry the query names exactly (an id, name or alias);
    2. NAMED     entries with a label (id, name, alias) holding the query's words side by side,
                 the closest label first ("ViTs" before "CLIP ViT-B/16" for "vit"), then the
                 broader kind (an organization or family before a model);
    3. CONCEPT   entries embodying a concept the query names (a model whose `concepts` hold a
                 term of 1-2: the reasoning models for "reasoning");
    4. SCATTERED entries with a label holding the query's words apart ("Claude 3 Opus");
    5. TEXT      the other matches;
    6. SIZE      a variant of a model of 1-2, found by its name: one `fm show` away.

Within 3-5 one entry of each line (a family, or a model and its sizes) comes before the second
of any line, so one line cannot crowd out the rest; the lines of a family the query names come
first ("OpenAI reasoning models" brings o1 for "reasoning"), then the lines devoted to a concept
the query names (a family all of whose members embody it: FLUX for "image generation", before a
Gemini model that also makes images); bm25 order otherwise, except that an entry built from
another (`based_on`) comes after the entry standing for that one's line (Llama 3.3 before the
Llama fine-tunes for "open weights 70b"). Nothing here knows a particular query or id: the
signals are the data's own names, aliases, kinds, concepts, families, parents and bases.
"""

from __future__ import annotations

from fmcli.lookup import word_match, words

EXACT, NAMED, CONCEPT, SCATTERED, TEXT, SIZE = range(6)
MAX_WORDS = 32  # as many as the full-text query uses
KIND_BREADTH = {"organization": 0, "family": 0, "term": 1, "model": 1, "variant": 2}


def _labels(doc: dict) -> list[list[str]]:
    return [words(label) for label in (doc["id"], doc["name"], *doc.get("aliases", []))]


def _holds(label: list[str], query_word: str) -> bool:
    return any(word_match(query_word, word, False) for word in label)


def name_cover(query: list[str], doc: dict) -> tuple[bool, float]:
    """Whether a label of the entry holds every query word (as a word or the start of one) side by
    side, and how much of the closest label holding them all the query covers: (True, 1.0) for
    "ViTs" by "vit", (True, 0.5) for "Mistral AI" by "mistral", (False, 0.5) for "image caption
    generation" by "image generation", (False, 0.0) when no label holds them all."""
    best = (False, 0.0)
    for label in _labels(doc):
        if not query or not label or not all(_holds(label, w) for w in query):
            continue
        side_by_side = any(all(word_match(w, label[at + n], False) for n, w in enumerate(query))
                           for at in range(len(label) - len(query) + 1))
        best = max(best, (side_by_side, min(1.0, len(query) / len(label))))
    return best


def _line(doc: dict) -> str:
    return doc.get("family") or doc.get("parent") or doc["id"]


def rank_hits(query: str, ids: list[str], docs: dict[str, dict], exact: str | None,
              concepts: dict[str, set[str]]) -> list[str]:
    """The hits `ids` (in bm25 order, documents in `docs`, the terms each embodies in `concepts`:
    for a family those all its members share) in the order of the module docstring."""
    wanted = list(dict.fromkeys(words(query)))[:MAX_WORDS]
    cover = {i: (True, 1.0) if i == exact else name_cover(wanted, docs[i]) for i in ids}
    named = {i for i in ids if cover[i][0]}
    named_terms = {i for i in named if docs[i]["kind"] == "term"}
    position = {i: n for n, i in enumerate(ids)}
    breadth = {i: KIND_BREADTH.get(docs[i]["kind"], 1) for i in ids}

    def tier(i: str) -> int:
        doc = docs[i]
        if i == exact:
            return EXACT
        if doc.get("parent") in named and cover[i][1] > 0:
            return SIZE
        if i in named:
            return NAMED
        if named_terms & concepts.get(i, set()):
            return CONCEPT
        return SCATTERED if cover[i][1] else TEXT

    tiers = {i: tier(i) for i in ids}

    def stands_for(i: str) -> tuple:
        """Which entry of a line comes first: the one whose labels hold most query words ("Llama 2
        70B" for "open weights 70b"), then the broader kind, then the plainest name ("o1" before
        "o1-mini")."""
        labels = _labels(docs[i])
        held = sum(any(_holds(label, w) for label in labels) for w in wanted)
        return (-held, breadth[i], len(words(docs[i]["name"])), position[i])

    lines: dict[tuple[int, str], list[str]] = {}
    for i in ids:
        if tiers[i] in (CONCEPT, SCATTERED, TEXT):
            lines.setdefault((tiers[i], _line(docs[i])), []).append(i)
    turn = {i: n for members in lines.values() for n, i in enumerate(sorted(members, key=stands_for))}

    devoted = {i for i in ids if docs[i]["kind"] == "family" and tiers[i] == CONCEPT}
    shown_first = {}  # line -> bm25 position of the entry that stands for it
    for i in ids:
        if turn.get(i, 0) == 0:
            shown_first.setdefault(_line(docs[i]), position[i])

    def place(i: str) -> float:
        """bm25 position, but never before the entry that stands for a line it was built from."""
        bases = [shown_first[_line(docs[b])] + 0.5 for b in docs[i].get("based_on") or ()
                 if b in position and _line(docs[b]) in shown_first]
        return max([position[i], *bases])

    def key(i: str) -> tuple:
        if tiers[i] == NAMED:
            return (NAMED, -cover[i][1], breadth[i], position[i])
        line = _line(docs[i])
        return (tiers[i], turn.get(i, 0), line not in named, line not in devoted, place(i))
    return sorted(ids, key=key)
