from fmcli import render
from fmcli.render import inert
from fmcli.views import Card, Table

HOSTILE = "[bold]x[/] [/] a[/b] [link=http://evil]y[/link] :warning: \x1b[2J\x1b]0;title\x07 \u202eevil \x00\x7f\x9b end\\"


def test_inert_makes_control_and_format_characters_visible():
    text = inert(HOSTILE + "\tline\nnext")
    assert "\x1b" not in text and "\u202e" not in text and "\x00" not in text and "\x9b" not in text
    assert "\\x1b[2J" in text and "\\u202e" in text and "\\x9b" in text
    assert "\n" in text and "\t" not in text


def test_plain_output_keeps_markup_literal_and_tabs_between_cells():
    card = Card(HOSTILE, "badge", HOSTILE, facts=[("label", HOSTILE)],
                tables=[Table("T", ["a", "b"], [[HOSTILE, "two\twords\nhere"]])])
    out = render.plain([card])
    assert "[bold]x[/]" in out and "[link=http://evil]" in out and ":warning:" in out
    assert "\x1b" not in out and "\u202e" not in out
    row = next(line for line in out.splitlines() if line.endswith("two words here"))
    assert row.count("\t") == 1


def test_rich_output_is_inert_with_colour_on_and_off():
    card = Card(HOSTILE, "badge", HOSTILE, facts=[("label", HOSTILE)], sections=[("H", HOSTILE)],
                tables=[Table("T", ["a"], [[HOSTILE]], differing={0})], sources=[HOSTILE])
    for color in (True, False):
        out = render.rich([card], width=80, color=color)
        assert "[bold]x[/]" in out.replace("\n", "") or "[bold]x[/]" in out
        assert "\u202e" not in out and "\x00" not in out and "\x07" not in out
        assert "]0;title" not in out.replace("\\x1b]0;title", "")  # only the escaped form
        if not color:
            assert "\x1b" not in out
        else:
            # the only escapes are Rich's own SGR colour codes
            import re
            assert not re.search(r"\x1b[^\[]", out) and not re.search(r"\x1b\[[0-9;]*[^0-9;m]", out)


def test_rich_golden_card_at_pinned_width():
    card = Card("Llama 3", "model · Meta", "A summary.", facts=[("release", "2024-04-18 [1]")],
                sources=["Card — https://example.org"])
    assert render.rich([card], width=60, color=False).splitlines() == [
        "Llama 3  model · Meta", "A summary.", "", "release  2024-04-18 [1]", "", "Sources",
        "[1] Card — https://example.org"]


def test_long_cells_wrap_never_truncate():
    table = Table("T", ["id", "summary"], [["x", "word " * 60 + "END"]])
    out = render.rich([table], width=50, color=False)
    assert "END" in out and "…" not in out
