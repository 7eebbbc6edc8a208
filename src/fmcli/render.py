"""Draw display blocks: plain records for pipes, cards and tables laid out for a terminal.

Everything from data passes through `inert()`, so no data can style, link or move the terminal.
The terminal layout is fm's own (no Rich): it never drops a column and never splits a word.
A table shows every column at its natural width when it fits; otherwise long cells wrap at
spaces (a word wider than its column also at its hyphens), summaries are shortened with `…` at
a word boundary (whole with `wide`), ids are never broken; when even that cannot fit, each row
becomes a stacked block of `label: value` lines.
"""

from __future__ import annotations

import re
import unicodedata

from fmcli.views import Block, Card, Table, Tree

NARROWEST = 20  # below this a terminal gets the plain records

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(match: re.Match) -> str:
    char = match.group(0)
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """Make every control or format character visible (`\\x1b`, `\\u202e`); keep newlines, tabs -> space."""
    text = text.replace("\t", " ")
    text = _UNSAFE.sub(_escape, text)
    if text.isascii():  # every ASCII control character is in _UNSAFE
        return text
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") and c != "\n" for c in text):
        text = "".join(_escape_char(c) for c in text)
    return text


def _escape_char(c: str) -> str:
    if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co"):
        code = ord(c)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return c


# -- plain ----------------------------------------------------------------------------------------
def plain(blocks: list[Block]) -> str:
    """Stable, grep-friendly text: `label: value` lines and tab-separated tables with a header."""
    out: list[str] = []
    for block in blocks:
        if out:
            out.append("")
        if isinstance(block, Card):
            out.append(inert(f"{block.title} ({block.badge})"))
            if block.summary:
                out.append(inert(block.summary))
            out.extend(inert(f"{label}: {value}") for label, value in block.facts)
            for heading, text in block.sections:
                out += ["", inert(f"{heading}:"), inert(text)]
            for table in block.tables:
                out += ["", *_plain_table(table)]
            if block.sources:
                out += ["", "sources:"] + [inert(f"[{i}] {s}") for i, s in enumerate(block.sources, 1)]
        elif isinstance(block, Tree):
            out.extend(inert(branch + text) for branch, text in block.lines)
        else:
            out.extend(_plain_table(block))
    return "\n".join(out) + "\n"


def _plain_table(table: Table) -> list[str]:
    def cell(text: str) -> str:
        return inert(" ".join(text.split()))  # a cell stays on its line; tabs only between cells
    lines = [f"{inert(table.title)}:"] if table.title else []
    lines.append("\t".join(cell(c) or "field" for c in table.columns))
    lines += ["\t".join(cell(c) for c in row) for row in table.rows]
    return lines


# -- measuring and wrapping -----------------------------------------------------------------------
def cells(text: str) -> int:
    """Terminal cells the text takes: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


_HYPHEN = re.compile(r"(?<=[^\W_]-)(?=[^\W_])")


def _pieces(word: str) -> list[str]:
    """Where a word may break when it is wider than its line: after a hyphen between letters."""
    return _HYPHEN.split(word)


def longest_word(text: str, hyphens: bool = True) -> int:
    words = text.split()
    if hyphens:
        words = [p for w in words for p in _pieces(w)]
    return max(map(cells, words), default=0)


def wrap(text: str, width: int, *, hyphens: bool = True) -> list[str]:
    """Lines of at most `width` cells, broken at spaces; a longer word breaks after its hyphens
    (with `hyphens`) or stands whole on its own line. Newlines in the text are kept."""
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split():
            size = cells(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            line, used = word, size
            if size > width and hyphens:
                parts = _pieces(word)
                line, used = "", 0
                for part in parts:
                    part_size = cells(part)
                    if line and used + part_size > width:
                        lines.append(line)
                        line, used = "", 0
                    line, used = line + part, used + part_size
        lines.append(line)
    return lines


def hang(line: str, width: int) -> str:
    """One line wrapped at spaces to `width`, its continuation lines indented by two."""
    first, *rest = wrap(line, width, hyphens=False)
    rest = wrap(" ".join(rest), width - 2, hyphens=False) if rest else []
    return "\n".join([first, *("  " + r for r in rest)])


def shorten(text: str, width: int) -> str:
    """One line of at most `width` cells, cut at a word boundary with `…` where it is longer."""
    text = " ".join(text.split())
    if cells(text) <= width:
        return text
    first = wrap(text, width - 1, hyphens=False)[0]
    return first.rstrip(" ,;:.–—-") + "…"


# -- terminal -------------------------------------------------------------------------------------
_SGR = {"bold": "1", "dim": "2", "italic": "3", "cyan": "36", "bold yellow": "1;33", "bold cyan": "1;36"}


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not (self.color and style and text):
            return text
        return f"\x1b[{_SGR[style]}m{text}\x1b[0m"


def terminal(blocks: list[Block], *, width: int, color: bool, wide: bool = False) -> str:
    """Lay the blocks out for a terminal `width` columns wide; the caller writes the text."""
    paint = _Paint(color)
    out: list[str] = []
    for block in blocks:
        if out:
            out.append("")
        if isinstance(block, Card):
            out += _card(block, width, paint, wide)
        elif isinstance(block, Tree):
            out += _tree(block, width, paint)
        else:
            out += _table(block, width, paint, wide)
    return "\n".join(line.rstrip(" ") for line in out) + "\n"


def _card(card: Card, width: int, paint: _Paint, wide: bool) -> list[str]:
    title, badge = inert(card.title), inert(card.badge)
    if cells(title) + 2 + cells(badge) <= width:
        out = [paint(title, "bold") + "  " + paint(badge, "dim")]
    else:  # the title on its lines, the badge below
        out = [paint(line, "bold") for line in wrap(title, width, hyphens=False)]
        out += [paint(line, "dim") for line in wrap(badge, width, hyphens=False)]
    if card.summary:
        out += [paint(line, "italic") for line in wrap(inert(card.summary), width, hyphens=False)]
    if card.facts:
        out.append("")
        out += _pairs([(inert(k), inert(v)) for k, v in card.facts], width, paint)
    for heading, text in card.sections:
        out += ["", paint(inert(heading), "bold"), *wrap(inert(text), width, hyphens=False)]
    for table in card.tables:
        out += ["", *_table(table, width, paint, wide)]
    if card.sources:
        out += ["", paint("Sources", "bold")]
        for i, source in enumerate(card.sources, 1):
            lines = wrap(f"[{i}] {inert(source)}", width - 4, hyphens=False)
            out += [paint(lines[0], "dim")] + [paint("    " + line, "dim") for line in lines[1:]]
    return out


MIN_VALUE = 24  # narrower than this, a card's values go below their labels


def _pairs(pairs: list[tuple[str, str]], width: int, paint: _Paint) -> list[str]:
    """`label  value` rows with values aligned and wrapped; below MIN_VALUE, or for a word too long
    beside its label (a path), `label: value` with the value below."""
    label_width = max(cells(k) for k, _ in pairs)
    value_width = width - label_width - 2
    out = []
    for label, value in pairs:
        if value_width >= MIN_VALUE and longest_word(value, hyphens=False) <= value_width:
            lines = wrap(value, value_width, hyphens=False)
            out.append(paint(label, "cyan") + " " * (label_width - cells(label) + 2) + lines[0])
            out += [" " * (label_width + 2) + line for line in lines[1:]]
        else:
            out += _stacked_pair(label, value, width, paint, hyphens=False)
    return out


def _stacked_pair(label: str, value: str, width: int, paint: _Paint, indent: str = "",
                  hyphens: bool = True) -> list[str]:
    """`label: value`, the value continuing on lines indented two more (below the label when its
    first word does not fit beside it). Without `hyphens` (ids) no word breaks at all."""
    head = f"{label}: "
    rest_width = width - len(indent) - 2
    words = value.split()
    taken, used = [], cells(head)
    for word in words:
        size = cells(word) + (1 if taken else 0)
        if len(indent) + used + size > width:
            break
        taken.append(word)
        used += size
    if words and not taken:
        return [indent + paint(label + ":", "cyan")] + [
            indent + "  " + line for line in wrap(value, rest_width, hyphens=hyphens)]
    out = [indent + paint(head, "cyan") + " ".join(taken)]
    if len(taken) < len(words):
        out += [indent + "  " + line for line in wrap(" ".join(words[len(taken):]), rest_width, hyphens=hyphens)]
    return out


# -- tables ---------------------------------------------------------------------------------------
INDENT = 1
SUMMARY_MIN = 20


def _table(table: Table, width: int, paint: _Paint, wide: bool) -> list[str]:
    rows = [[inert(" ".join(c.split())) for c in row] for row in table.rows]
    columns = [inert(c) for c in table.columns]
    widths, gap, indent = _column_widths(table, columns, rows, width, wide)
    title = [paint(inert(table.title), "bold"), ""] if table.title else []
    if widths is None:
        return title + _stacked(table, columns, rows, width, paint, wide)
    keep = [c in table.keep for c in table.columns]
    short = [c in table.shorten and not wide for c in table.columns]
    breakable = [c in table.hyphens for c in table.columns]

    def lines_of(cells_: list[str], header: bool = False) -> list[list[str]]:
        out = []
        for i, (text, w) in enumerate(zip(cells_, widths)):
            if keep[i] and not header:
                out.append([text])
            elif short[i] and not header:
                out.append([shorten(text, w)])
            else:
                out.append(wrap(text, w, hyphens=header or breakable[i]))
        return out

    def draw(cells_: list[str], style: str, first_style: str = "", header: bool = False) -> list[str]:
        parts = lines_of(cells_, header)
        height = max(len(p) for p in parts)
        drawn = []
        for n in range(height):
            line = []
            for i, (part, w) in enumerate(zip(parts, widths)):
                text = part[n] if n < len(part) else ""
                pad = " " * (w - cells(text))
                line.append(paint(text, first_style if i == 0 and first_style else style) + pad)
            drawn.append(" " * indent + (" " * gap).join(line))
        return drawn

    total = sum(widths) + gap * (len(widths) - 1)
    out = title + draw(columns, "bold", header=True) + [" " * indent + paint("─" * total, "dim")]
    for i, row in enumerate(rows):
        if table.differing:
            style = "bold yellow" if i in table.differing else "dim"
            out += draw(row, style, "cyan" if i not in table.differing else "bold yellow")
        else:
            out += draw(row, "")
    return out


def _column_widths(table: Table, columns: list[str], rows: list[list[str]], width: int,
                   wide: bool) -> tuple[list[int] | None, int, int]:
    """Each column's width (None where the table cannot show every word whole in `width`), the
    gap between columns and the indent: 3 and 1 where there is room, 2, then 2 and 0 when tight,
    1 and 0 as the last resort before the rows are stacked."""
    n = len(columns)
    natural = [max([cells(columns[i])] + [cells(r[i]) for r in rows]) for i in range(n)]
    words = [max([longest_word(columns[i])] + [longest_word(r[i], hyphens=False) for r in rows]) for i in range(n)]
    least = []
    for i, name in enumerate(table.columns):
        if name in table.keep:
            least.append(natural[i])
        elif name in table.shorten and not wide:
            firsts = [cells(r[i].split()[0]) + 1 for r in rows if r[i].split()]
            least.append(max([min(natural[i], SUMMARY_MIN), longest_word(columns[i])] + firsts))
        else:
            hyphens = name in table.hyphens
            pieces = max([longest_word(columns[i])] + [longest_word(r[i], hyphens) for r in rows])
            least.append(max(pieces, min(natural[i], table.min_width)))
    for gap in (3, 2):
        if sum(natural) <= width - INDENT - gap * (n - 1):
            return natural, gap, INDENT
    for gap, indent in ((2, INDENT), (2, 0), (1, 0)):
        room = width - indent - gap * (n - 1)
        if sum(least) <= room:
            break
    else:
        return None, gap, indent
    widths = least[:]
    spare = room - sum(widths)
    flexible = [i for i, name in enumerate(table.columns) if name not in table.shorten or wide]
    summaries = [i for i in range(n) if i not in flexible]
    # First whole words (no hyphen breaks), then whole cells, narrowest need first; summaries last.
    for goal in (words, natural):
        for i in sorted(flexible, key=lambda i: goal[i] - widths[i]):
            add = min(spare, max(goal[i] - widths[i], 0))
            widths[i] += add
            spare -= add
    for i in summaries:
        add = min(spare, natural[i] - widths[i])
        widths[i] += add
        spare -= add
    return widths, gap, indent


def _stacked(table: Table, columns: list[str], rows: list[list[str]], width: int, paint: _Paint,
             wide: bool) -> list[str]:
    """One block per row. A row label column (an empty first header, as in compare) heads its block."""
    out: list[str] = []
    labelled = columns[0] == ""
    for i, row in enumerate(rows):
        if out:
            out.append("")
        differs = i in table.differing
        if labelled:
            out.append(paint(row[0], "bold yellow" if differs else "bold"))
            pairs = list(zip(columns[1:], row[1:]))
            indent = "  "
        else:
            pairs = list(zip(columns, row))
            indent = ""
        for (label, value), name in zip(pairs, table.columns[1:] if labelled else table.columns):
            if name in table.shorten and not wide:
                value = shorten(value, width - len(indent) - cells(label) - 2)
            out += _stacked_pair(label, value, width, paint, indent, hyphens=name in table.hyphens)
    return out


# -- trees ----------------------------------------------------------------------------------------
MIN_LABEL = 16


def _tree(tree: Tree, width: int, paint: _Paint) -> list[str]:
    """The drawing stays whole: a long label wraps under itself, the branch lines continuing."""
    out = []
    for branch, text in tree.lines:
        branch = inert(branch)
        below = branch.replace("├── ", "│   ").replace("└── ", "    ")
        lines = wrap(inert(text), max(width - cells(branch) - 2, MIN_LABEL), hyphens=False)
        out.append(paint(branch, "dim") + lines[0])
        out += [paint(below, "dim") + "  " + line for line in lines[1:]]
    return out
