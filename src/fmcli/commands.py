"""What `fm define`, `fm show`, `fm compare` and `fm search` do once their arguments are read, and
the helpers every command shares. No Typer here: the Typer commands of cli.py and the quick path
of entry.py call the same functions, so the two cannot answer differently.
"""

from __future__ import annotations

from fmcli import output
from fmcli.errors import shorten


def reference(data: str | None):
    from fmcli.api import Reference
    from fmcli.paths import user_data_paths
    return Reference.open(user_data_paths(data))


def words(parts: list[str]) -> str:
    """Several unquoted words are one query: `fm show llama 4` means `fm show "llama 4"`."""
    return " ".join(parts)


def resolve(ref, query: str, *, prefer: str, json_out: bool, imported: bool = False) -> dict:
    found = ref.resolve(query, prefer=prefer, exact_only=json_out, imported=imported)
    doc = found.document
    if found.guessed:
        output.notice(f"no exact match for '{shorten(query)}'; showing {doc['id']} ({doc['name']})",
                      json_mode=json_out)
    return doc


def mode(no_color: bool, no_pager: bool, wide: bool = False, json_out: bool = False) -> output.Mode:
    """How the answer is laid out; with `json_out` nothing about the terminal is asked."""
    return output.decide_mode(json_out=json_out, no_color=no_color, no_pager=no_pager, wide=wide)


def offers(ref, doc: dict) -> list[dict] | None:
    """A model's offers from the imported catalogs; None (no `providers` key) when nothing is imported."""
    from fmcli.providers.store import present

    if "provenance" in doc:  # a model only a catalog lists holds its offers
        return doc["providers"]
    if doc["kind"] not in ("model", "variant") or not present():
        return None
    from fmcli.providers.join import offers_for
    return offers_for(ref, [doc["id"]])


def emit_card(ref, doc: dict, json_out: bool, shown: output.Mode) -> None:
    found = offers(ref, doc)
    if json_out:
        output.emit_json(doc if found is None else {**doc, "providers": found})
        return
    from fmcli import views
    related = ref.documents(doc.get("variants") or doc.get("models") or [])
    card = views.show_card(doc, related)
    if found:
        card.tables.append(views.offers_table(views.PROVIDERS_TITLE, found))
    output.emit_blocks([card], shown)


def define(term: list[str], *, json_out: bool = False, data: str | None = None, no_color: bool = False,
           no_pager: bool = False) -> None:
    ref = reference(data)
    doc = resolve(ref, words(term), prefer="term", json_out=json_out, imported=True)
    if doc["kind"] != "term":
        output.notice(f"'{doc['id']}' is not a glossary term; showing its {doc['kind']} card",
                      json_mode=json_out)
    emit_card(ref, doc, json_out, mode(no_color, no_pager, json_out=json_out))


def show(entry: list[str], *, json_out: bool = False, data: str | None = None, no_color: bool = False,
         no_pager: bool = False) -> None:
    ref = reference(data)
    doc = resolve(ref, words(entry), prefer="catalog", json_out=json_out, imported=True)
    emit_card(ref, doc, json_out, mode(no_color, no_pager, json_out=json_out))


def compare(entries: list[str], *, json_out: bool = False, data: str | None = None, no_color: bool = False,
            no_pager: bool = False) -> None:
    ref = reference(data)
    resolved = ref.compare(entries, exact_only=json_out)
    for found in resolved:
        if found.guessed:
            output.notice(f"no exact match for '{shorten(found.query)}'; using {found.document['id']}",
                          json_mode=json_out)
    docs = [r.document for r in resolved]
    found_offers = [offers(ref, doc) for doc in docs]
    if json_out:
        output.emit_json({"items": [doc if o is None else {**doc, "providers": o}
                                    for doc, o in zip(docs, found_offers)]})
    else:
        from fmcli import views
        output.emit_blocks(views.compare_blocks(docs, found_offers), mode(no_color, no_pager))


def search(query: list[str], *, kind: str | None = None, limit: int = 10, filters=None, fmt: str = "table",
           json_out: bool = False, data: str | None = None, no_color: bool = False, no_pager: bool = False,
           wide: bool = False) -> None:
    from fmcli.api import ListFilters

    text = words(query)
    ref = reference(data)
    rows = ref.search(text, limit=limit, kind=kind, filters=entry_filters(ref, filters or ListFilters(), fmt, json_out))
    emit_results(f"Results for '{shorten(text)}'", rows, "mixed", fmt, json_out,
                 mode(no_color, no_pager, wide, json_out=json_out),
                 empty=(f"nothing matches '{shorten(text)}'", "try fewer or shorter words, or 'fm list'"))


def entry_filters(ref, filters, fmt: str, json_out: bool):
    """--org and --family resolved to ids; a script (any format but the table) gets no guess."""
    script = json_out or fmt != "table"
    filters, notes = ref.entry_filters(filters, exact_only=script)
    for note in notes:
        output.notice(note, json_mode=script)
    return filters


def emit_results(title: str, rows: list, layout: str, fmt: str, json_out: bool, shown: output.Mode,
                  empty: tuple[str, str]) -> None:
    """One dispatcher for every list-like output format. Nothing found exits 1 in every format, like
    grep; json, yaml and csv still write their empty document first."""
    from fmcli import formats, views
    from fmcli.api import choice
    from fmcli.vocab import FORMATS

    fmt = choice("--format", fmt, FORMATS)
    fmt = "json" if json_out else fmt
    results = [result(r) for r in rows]
    if fmt == "json":
        output.write(formats.to_json({"results": results}))
    elif fmt == "yaml":
        output.write(formats.to_yaml({"results": results}))
    elif fmt == "csv":
        output.write(formats.to_csv(results))
    elif rows and fmt == "markdown":
        output.write(formats.to_markdown(views.results_table("", rows, layout)))
    elif rows:
        output.emit_blocks([views.results_table(title, rows, layout)], shown)
    if not rows:
        raise nothing(*empty)


def nothing(message: str, hint: str):
    from fmcli.errors import NotFoundError
    return NotFoundError(f"{message}; {hint}")


def result(row) -> dict:
    doc = row.doc
    out = {"kind": row.kind, "id": row.id, "name": row.name, "summary": row.summary}
    if "provenance" in doc:  # a model only an imported catalog lists: what it says, never a summary
        out.update(summary=None, provenance=doc["provenance"])
    for key in ("category", "level", "organization", "organization_id", "release", "announced", "open_weights",
                "parameters", "context_window", "max_output_tokens", "modality", "capabilities", "license",
                "deprecated", "retired"):
        if key in doc:
            out[key] = doc[key]
    return out
