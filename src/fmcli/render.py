"""Draw display blocks: plain records for pipes, Rich cards and tables for a terminal.

Everything from data passes through `inert()` and, on the Rich path, into `Text` objects on a
console with markup, emoji and highlighting off, so no data can style, link or move the terminal.
"""

from __future__ import annotations

import io
import re
import unicodedata

from fmcli.views import Block, Card, Table

NARROWEST_RICH = 40

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(match: re.Match) -> str:
    char = match.group(0)
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """Make every control or format character visible (`\\x1b`, `\\u202e`); keep newlines, tabs -> space."""
    text = text.replace("\t", " ")
    text = _UNSAFE.sub(_escape, text)
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


# -- rich -----------------------------------------------------------------------------------------
def rich(blocks: list[Block], *, width: int, color: bool) -> str:
    """Render for a terminal of `width` columns; the caller writes the returned text."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, color_system="standard" if color else None,
                      force_terminal=color, markup=False, emoji=False, highlight=False,
                      legacy_windows=False, soft_wrap=False)
    for i, block in enumerate(blocks):
        if i:
            console.print()
        for renderable in (_rich_card(block, width) if isinstance(block, Card) else [_rich_table(block, width)]):
            console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return _TRAILING.sub(r"\1", text)  # Rich pads rows to full width; keep only what is drawn


_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def _t(text: str, style: str = ""):
    from rich.text import Text
    return Text(inert(text), style=style)


def _rich_card(card: Card, width: int) -> list:
    from rich.table import Table as RichTable
    from rich.text import Text

    items: list = []
    title = Text()
    title.append(_t(card.title, "bold"))
    title.append(_t(f"  {card.badge}", "dim"))
    items.append(title)
    if card.summary:
        items.append(_t(card.summary, "italic"))
    if card.facts:
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in card.facts:
            grid.add_row(_t(label, "cyan"), _t(value))
        items += [Text(), grid]
    for heading, text in card.sections:
        items += [Text(), _t(heading, "bold"), _t(text)]
    for table in card.tables:
        items += [Text(), _rich_table(table, width)]
    if card.sources:
        items += [Text(), _t("Sources", "bold")]
        items += [_t(f"[{i}] {s}", "dim") for i, s in enumerate(card.sources, 1)]
    return items


def _rich_table(table: Table, width: int = 100):
    from rich import box
    from rich.table import Table as RichTable

    out = RichTable(title=_t(table.title, "bold") if table.title else None, box=box.SIMPLE_HEAD,
                    title_justify="left", pad_edge=False)
    for i, column in enumerate(table.columns):
        # Ids are what people copy: keep them whole while they fit in a third of the screen.
        longest = max((len(row[i]) for row in table.rows), default=0) if column == "id" else 0
        out.add_column(_t(column), overflow="fold", min_width=min(longest, width // 3) or None,
                       style="cyan" if i == 0 and table.differing else "")
    for i, row in enumerate(table.rows):
        style = "" if not table.differing else ("bold yellow" if i in table.differing else "dim")
        out.add_row(*[_t(c) for c in row], style=style)
    return out
