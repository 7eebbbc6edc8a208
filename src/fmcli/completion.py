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


def option_values(option: str, incomplete: str) -> list[tuple[str, str]]:
    """The values an option takes that start with `incomplete`: organization and family ids (with
    names) from the index, the rest from the vocabularies. For `fm why ID... FIELD` once a word is
    typed ("why-field"): the fields that match, else ids (a name may have several words)."""
    from fmcli import vocab

    if option in ("org", "family"):
        from fmcli.index import open_index
        from fmcli.paths import discover, user_data_paths

        index = open_index(discover(user_data_paths(None)))
        rows = index.db.execute("SELECT id, name FROM entries WHERE kind = ? ORDER BY id",
                                ("organization" if option == "org" else "family",))
        return [(entry_id, name) for entry_id, name in rows if entry_id.startswith(incomplete.lower())]
    if option == "why-field":
        return [(f, "") for f in vocab.FACT_FIELDS if f.startswith(incomplete.lower())] or complete(incomplete)

    choices = {"kind": vocab.MODEL_KINDS, "search-kind": vocab.SEARCH_KINDS, "modality": vocab.MODALITIES,
               "category": vocab.CATEGORIES, "level": vocab.LEVELS, "sort": vocab.SORT_KEYS,
               "format": vocab.FORMATS, "listing": vocab.LISTINGS, "field": vocab.FACT_FIELDS,
               "capability": vocab.CAPABILITIES}[option]
    return [(value, "") for value in choices if value.startswith(incomplete.lower())]
