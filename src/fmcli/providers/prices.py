"""The rule for a price of $0. Resellers' free tiers (OpenRouter's `:free` ids, promotional
listings) state $0 per 1M tokens: that is a real offer, rate-limited or temporary, but not what
the model costs. So a $0 price reads "free"; offers sort by price with free ones after every paid
one (and unpriced ones last); and "the lowest price" of a model (compare's rows, --max-price) is
its lowest paid price, or $0 only when every offer that states that price states $0."""

from __future__ import annotations


def price_order(value: float | None) -> tuple:
    """Sort key of one price: paid ones cheapest first, then free ($0), then none stated."""
    return (value is None, value == 0, value or 0.0)


def cheapest(offers: list[dict], key: str) -> dict | None:
    """The offer with the lowest `key` price ("input" or "output") under the rule above; None
    when no offer states that price."""
    priced = [o for o in offers if o.get(key) is not None]
    return min(priced, key=lambda o: price_order(o[key])) if priced else None
