"""Machine and document formats for list-like results: json, yaml, csv, markdown."""

from __future__ import annotations

import csv
import io
import json

from fmcli.views import Table
from fmcli.vocab import FORMATS  # noqa: F401 - the formats this module writes, listed once
CSV_FIELDS = ("kind", "id", "name", "organization_id", "release", "open_weights", "parameters",
              "active_parameters", "context_window", "license", "category", "level", "summary")


def to_json(document: object) -> str:
    return json.dumps(document, ensure_ascii=True, indent=2) + "\n"


def to_yaml(document: object) -> str:
    import yaml
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def to_csv(results: list[dict]) -> str:
    """One row per result with raw values (counts as integers), for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for item in results:
        params = item.get("parameters")
        total = params.get("total") if isinstance(params, dict) else params
        active = params.get("active") if isinstance(params, dict) else None
        row = {**item, "parameters": total, "active_parameters": active}
        writer.writerow(["" if row.get(f) is None else _csv_cell(row.get(f)) for f in CSV_FIELDS])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not text[1:2].isdigit() else text


def to_markdown(table: Table) -> str:
    def cell(text: str) -> str:
        from fmcli.render import inert
        return inert(" ".join(text.split())).replace("\\", "\\\\").replace("|", "\\|")
    lines = [f"| {' | '.join(cell(c) or ' ' for c in table.columns)} |",
             f"|{'|'.join('---' for _ in table.columns)}|"]
    lines += [f"| {' | '.join(cell(c) for c in row)} |" for row in table.rows]
    return "\n".join(lines) + "\n"
