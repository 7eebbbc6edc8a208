"""Shell-completion candidates, straight from the index (no YAML, no Rich, no fuzzy matching)."""

from __future__ import annotations


def complete(incomplete: str) -> list[tuple[str, str]]:
    """Ids (or names) starting with `incomplete`; user data comes from FM_DATA_PATH as usual."""
    from fmcli.index import open_index
    from fmcli.paths import discover, user_data_paths

    index = open_index(discover(user_data_paths(None)))
    prefix = incomplete.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = index.db.execute(
        "SELECT id, summary FROM entries WHERE id LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\' "
        "ORDER BY length(id), id LIMIT 100", (prefix, prefix)).fetchall()
    return [(entry_id, _short(summary or "")) for entry_id, summary in rows]


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
