"""Small English helpers, so every message counts and articles the same way."""


def plural(n: int, word: str, words: str | None = None) -> str:
    """`1 entry`, `2 entries`, `0 releases`."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def article(word: str) -> str:
    """`a model`, `an organization`, `a variant`."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word
