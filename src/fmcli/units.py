"""Counts as people write them ("70B", "1.55B", "128k", "15T") and as fm shows them."""

from __future__ import annotations

import re

_SUFFIX = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}
_COUNT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([kmbt]?)\s*$", re.IGNORECASE)


def parse_count(value: object) -> int:
    """An exact integer from 8192, "8192", "70B", "1.55B", "128K" (K=10^3, M, B, T). ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("expected a count such as 8192 or 70B, got a boolean")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("a count cannot be negative")
        return _at_most_max(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a count such as 8192 or 70B, got {type(value).__name__}")
    match = _COUNT.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a count such as 8192, 70B, 1.55B or 128K")
    digits, suffix = match.groups()
    if digits.isdigit():  # a whole number ("70B"): exact without decimals
        return _at_most_max(int(digits) * _SUFFIX[suffix.lower()])
    from decimal import Decimal, InvalidOperation  # here: only filters and index builds parse counts

    try:
        number = Decimal(digits) * _SUFFIX[suffix.lower()]
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        raise ValueError(f"'{value}' is not a number") from None
    if number != number.to_integral_value():
        raise ValueError(f"'{value}' is not a whole count")
    return _at_most_max(int(number))


MAX = 10**18  # beyond any real model; SQLite integers are 64-bit


def _at_most_max(n: int) -> int:
    if n > MAX:
        raise ValueError(f"{n:.3g} is too large to be a real count")
    return n


_DECIMAL = (("T", 10**12), ("B", 10**9), ("M", 10**6), ("K", 10**3))


def format_count(n: int) -> str:
    """The compact form tables use, three significant digits: 70000000000 -> 70B, 1550000000 ->
    1.55B, 16385 -> 16.4K, 1047576 -> 1.05M."""
    return _compact(n, _DECIMAL)


def format_context(n: int) -> str:
    """Token windows as people say them: a multiple of 1000 counts in 1000s (128000 -> 128K),
    other multiples of 1024 in 1024s (131072 -> 128K, 1048576 -> 1M), anything else as
    format_count (16385 -> 16.4K, 1047576 -> 1.05M)."""
    if n % 1000 and not n % 1024:
        return _compact(n, (("M", 1024**2), ("K", 1024)))
    return format_count(n)


def _compact(n: int, units: tuple[tuple[str, int], ...]) -> str:
    for i, (suffix, size) in enumerate(units):
        if n >= size:
            x = n / size
            text = f"{x:.{0 if x >= 100 else 1 if x >= 10 else 2}f}"
            text = text.rstrip("0").rstrip(".") if "." in text else text
            if text == "1000" and i:  # 999,600 rounds up to the next unit: 1M, not 1000K
                return "1" + units[i - 1][0]
            return text + suffix
    return str(n)


def exact_count(n: int, compact=format_count, unit: str = "") -> str:
    """The exact count with separators, then its compact form: 1,048,576 tokens (1M)."""
    short = compact(n)
    exact = f"{n:,}"
    return f"{exact}{unit}" if short == exact or short == str(n) else f"{exact}{unit} ({short})"


def parse_range(text: str) -> tuple[int | None, int | None]:
    """'7b..70b' -> (7e9, 70e9); '7b..' and '..70b' are open ranges; '8b' is exactly 8B."""
    if ".." not in text:
        value = parse_count(text)
        return value, value
    low, _, high = text.partition("..")
    return (parse_count(low) if low.strip() else None, parse_count(high) if high.strip() else None)
