"""`--help` laid out for the terminal it is read on, never breaking a word.

Click's formatter assumes at least 50 columns, keeps `\\b` example lines as they are however long,
and breaks long words; at 40 columns the terminal then cuts words. Here the width is the
terminal's (at most 80), text wraps at spaces only, an example line too long for the screen
continues on the next line indented, and an option's help goes below it when beside it would be
too narrow to read.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

MAX_WIDTH = 80  # as Click: piped help stays as it was
MIN_HELP = 24  # narrower than this, an option's help goes on the lines below it


def _fill(text: str, width: int, first: str, rest: str) -> list[str]:
    import textwrap  # only when help is shown
    return textwrap.wrap(text, max(width, 1), initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


class FmHelpFormatter(HelpFormatter):
    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        columns = width or shutil.get_terminal_size((80, 24)).columns
        super().__init__(indent_increment, width=max(min(columns, max_width or MAX_WIDTH) - 2, 20))

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        lines: list[str] = []
        for block in text.split("\n\n"):
            if lines:
                lines.append("")
            rows = block.split("\n")
            if rows and rows[0].strip() == "\b":  # kept as written, each line wrapped only if too long
                for row in rows[1:]:
                    lead = indent + row[: len(row) - len(row.lstrip())]
                    lines += _fill(row.strip(), self.width, lead, lead + "    ")
            else:
                lines += _fill(" ".join(block.split()), self.width, indent, indent)
        self.write("\n".join(lines) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        indent = " " * self.current_indent
        first = min(max((len(term) for term, _ in rows), default=0), col_max) + col_spacing
        beside = self.width - self.current_indent - first >= MIN_HELP
        for term, help_text in rows:
            if not help_text:
                self.write(f"{indent}{term}\n")
            elif beside and len(term) <= first - col_spacing:
                pad = indent + term.ljust(first)
                self.write("\n".join(_fill(help_text, self.width, pad, indent + " " * first)) + "\n")
            else:
                below = indent + " " * min(first, 6)
                self.write(f"{indent}{term}\n" + "\n".join(_fill(help_text, self.width, below, below)) + "\n")


class FmContext(Context):
    formatter_class = FmHelpFormatter
