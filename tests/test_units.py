import pytest

from fmcli.units import exact_count, format_context, format_count, parse_count, parse_range


@pytest.mark.parametrize("text, value", [
    ("70B", 70 * 10**9), ("1.55B", 1_550_000_000), ("175M", 175_000_000), ("15T", 15 * 10**12),
    ("128k", 128_000), (8192, 8192), ("8192", 8192), (" 7b ", 7 * 10**9),
])
def test_parse_count(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("bad", ["1.5", "x", "70 billion", True, -3, 1.5, None, "1.2345678901B5", "9999999T", "0.5"])
def test_parse_count_rejects(bad):
    with pytest.raises(ValueError):
        parse_count(bad)


def test_format_count_round_trips_the_usual_sizes():
    for text in ("70B", "1.55B", "175M", "15T", "8B", "405B"):
        assert format_count(parse_count(text)) == text


@pytest.mark.parametrize("tokens, shown", [(131072, "128K"), (128000, "128K"), (8192, "8K"), (200000, "200K"),
                                           (1048576, "1M"), (1000000, "1M"), (77, "77"), (9000, "9K")])
def test_format_context(tokens, shown):
    assert format_context(tokens) == shown


@pytest.mark.parametrize("count, shown", [(16385, "16.4K"), (1280, "1.28K"), (1047576, "1.05M"),
                                          (46_700_000_000, "46.7B"), (999_600, "1M"), (512, "512")])
def test_one_compact_rule_of_three_significant_digits(count, shown):
    assert format_context(count) == shown


def test_exact_count_with_separators_then_the_compact_form():
    assert exact_count(1048576, format_context, " tokens") == "1,048,576 tokens (1M)"
    assert exact_count(70_000_000_000) == "70,000,000,000 (70B)"
    assert exact_count(512, format_context, " tokens") == "512 tokens"


def test_parse_range():
    assert parse_range("7b..70b") == (7 * 10**9, 70 * 10**9)
    assert parse_range("..3b") == (None, 3 * 10**9)
    assert parse_range("7b..") == (7 * 10**9, None)
    assert parse_range("8b") == (8 * 10**9, 8 * 10**9)
