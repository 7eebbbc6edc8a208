from fmcli import render
from fmcli.render import inert
import pytest
from fmrun import split_words

from fmcli.views import Card, Table, Tree

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
        out = render.terminal([card], width=80, color=color)
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
    assert render.terminal([card], width=60, color=False).splitlines() == [
        "Llama 3  model · Meta", "A summary.", "", "release  2024-04-18 [1]", "", "Sources",
        "[1] Card — https://example.org"]


def test_long_cells_wrap_never_truncate():
    table = Table("T", ["id", "notes"], [["x", "word " * 60 + "END"]])
    out = render.terminal([table], width=50, color=False)
    assert "END" in out and "…" not in out


WORDS = ["organization", "undisclosed", "parameters", "transformer-style", "DeepSeek-R1-Distill-Llama-70B"]
TABLE = Table("T", ["id", "name", "parameters", "organization", "open"],
              [[f"model-{i}-with-a-long-id", WORDS[i], "undisclosed", "Beijing Academy of Artificial Intelligence",
                "yes"] for i in range(5)], keep=("id", "open"))




@pytest.mark.parametrize("width", [20, 40, 60, 80, 100, 120, 200])
def test_tables_keep_every_column_and_every_word_whole(width):
    out = render.terminal([TABLE], width=width, color=False)
    for header in TABLE.columns:
        assert header in out
    for row in TABLE.rows:
        assert row[0] in out.split()  # the id on one line, whole
    assert split_words(out, render.plain([TABLE]), ["T"]) == []
    if width >= 60:
        assert max(map(len, out.splitlines())) <= width


def test_a_table_too_wide_for_the_screen_becomes_label_value_blocks():
    out = render.terminal([TABLE], width=40, color=False)
    assert "id: model-0-with-a-long-id" in out and "parameters: undisclosed" in out


def test_a_table_one_column_short_of_room_closes_its_gaps_to_one_space_before_stacking():
    # Four unbreakable cells of 10 cells each: 43 columns with gaps of 1, 46 with gaps of 2.
    table = Table("T", ["id", "a", "b", "c"], [["x" * 10, "y" * 10, "z" * 10, "w" * 10]], keep=("id", "a", "b", "c"))
    lines = render.terminal([table], width=43, color=False).splitlines()
    assert "xxxxxxxxxx yyyyyyyyyy zzzzzzzzzz wwwwwwwwww" in lines
    assert "id: " in render.terminal([table], width=42, color=False)


def test_summaries_are_shortened_at_a_word_with_an_ellipsis_unless_wide():
    table = Table("T", ["id", "summary"], [["x", "A long sentence that goes on " * 8 + "END."]])
    short = render.terminal([table], width=60, color=False)
    assert "…" in short and "END." not in short
    assert split_words(short, render.plain([table])) == []
    whole = render.terminal([table], width=60, color=False, wide=True)
    assert "END." in whole and "…" not in whole


def test_compare_turns_into_one_block_per_field_when_narrow():
    table = Table("Comparison", ["", "GPT-4", "Claude"], [["organization", "OpenAI", "Anthropic"],
                                                         ["release", "2023-03-14", "2023-03-14 to 2025-11-24"],
                                                         ["architecture", "transformer-style model pre-trained to "
                                                          "predict the next token", "—"]],
                  keep=("",), shorten=(), min_width=20)
    narrow = render.terminal([table], width=50, color=False).splitlines()
    assert narrow[2:5] == ["organization", "  GPT-4: OpenAI", "  Claude: Anthropic"]
    wide = render.terminal([table], width=80, color=False)
    assert "organization   OpenAI" in wide or "organization  OpenAI" in wide


def test_tree_keeps_its_drawing_when_labels_wrap():
    tree = Tree([("", "Root [root]"), ("├── ", "A child with a rather long label [child-a] (model, 2024)"),
                 ("│   └── ", "Grandchild [g]"), ("└── ", "Last [last]")])
    lines = render.terminal([tree], width=30, color=False).splitlines()
    assert lines[1].startswith("├── A child") and lines[2].startswith("│ ")
    assert all(line[:1] in "R├│└" for line in lines)
    assert "[child-a]" in " ".join(lines).split() or any("[child-a]" in line for line in lines)

