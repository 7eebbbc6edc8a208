"""Snapshots of imported catalogs: one JSON Lines file per catalog in the user's data folder
(paths.data_home()/providers), replaced atomically, so a failed import or download leaves the
previous snapshot whole. Only stat() and listdir() when there is nothing imported."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fmcli.providers import SOURCES

if TYPE_CHECKING:
    from fmcli.providers.offer import Offer

SNAPSHOT_FORMAT = 1
MAX_FILE = 256 * 1024 * 1024  # a catalog file larger than this is not a catalog


# A snapshot is JSON Lines: a header object, then one array per offer in COLUMNS order, sorted by
# the entry it matched (unmatched last), so `fm show` finds one entry's rows with a byte search
# and parses only those lines.
COLUMNS = ("entry", "provider", "model", "name", "input", "output", "cached", "context", "max_output",
           "capabilities")


class Snapshot(NamedTuple):
    catalog: str  # models.dev | openrouter | litellm
    date: str  # YYYY-MM-DD, the day it was imported
    origin: str  # the file or address it came from
    catalog_key: str  # the index it was matched against (index meta "key")
    offers: int
    matched: int
    path: str
    data: bytes  # the whole file

    @property
    def provenance(self) -> str:
        return f"{self.catalog} {self.date}"

    def rows(self) -> list[dict]:
        """Every offer (a damaged line is skipped, never half-used)."""
        return [row for line in self.data.split(b"\n")[1:] if (row := parse_row(line))]

    def unmatched_rows(self) -> list[dict]:
        """The offers matched to no entry at import: the last lines (sorted so), parsed alone."""
        at = self.data.find(b"\n[null,")
        if at < 0:
            return []
        return [row for line in self.data[at + 1:].split(b"\n") if (row := parse_row(line)) and row["entry"] is None]

    def rows_of(self, entry: str) -> list[dict]:
        """The offers matched to `entry` at import: only their lines are parsed."""
        needle = b"\n[" + json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass") + b","
        found = []
        at = self.data.find(needle)
        while at >= 0:
            end = self.data.find(b"\n", at + 1)
            row = parse_row(self.data[at + 1: None if end < 0 else end])
            if row:
                found.append(row)
            at = self.data.find(needle, at + 1)
        return found


def parse_row(line: bytes) -> dict | None:
    try:
        values = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return dict(zip(COLUMNS, values)) if isinstance(values, list) and len(values) == len(COLUMNS) else None


def folder() -> Path:
    from fmcli.paths import data_home
    return data_home() / "providers"


def _file(catalog: str) -> Path:
    return folder() / f"{SOURCES[catalog][0]}.jsonl"  # a fixed name per catalog, never from the data


def parse_bytes(catalog: str, raw: bytes) -> list[Offer]:
    """A catalog's file as offers, or CatalogFileError naming what is wrong."""
    import importlib

    from fmcli.providers.offer import CatalogFileError

    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CatalogFileError(f"not a {catalog} file: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CatalogFileError(f"not a {catalog} file: invalid JSON at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise CatalogFileError(f"not a {catalog} file: JSON nested too deeply") from None
    module = importlib.import_module(f"fmcli.providers.{SOURCES[catalog][0]}")
    return module.parse(data)


def write(catalog: str, date: str, origin: str, offers: list[Offer], entries: list[str | None],
          catalog_key: str) -> Snapshot:
    """Store a snapshot, replacing the previous one only once the new one is whole on disk."""
    rows = sorted(([e, *o] for o, e in zip(offers, entries)), key=lambda r: (r[0] is None, r[0] or ""))
    header = {"format": SNAPSHOT_FORMAT, "catalog": catalog, "date": date, "origin": origin,
              "catalog_key": catalog_key, "offers": len(rows), "matched": sum(e is not None for e in entries),
              "columns": list(COLUMNS)}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps([*r[:-1], list(r[-1])], ensure_ascii=False, separators=(",", ":")) for r in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    from fmcli.atomic import replace_file

    target = _file(catalog)
    replace_file(target, data, durable=True)
    return _snapshot(catalog, data, str(target))  # type: ignore[return-value]


def _snapshot(catalog: str, data: bytes, path: str) -> Snapshot | None:
    """The snapshot in `data`, or None when its header is not fm's for this catalog."""
    try:
        header = json.loads(data[: data.find(b"\n")])
    except (ValueError, RecursionError):
        return None
    if not (isinstance(header, dict) and header.get("format") == SNAPSHOT_FORMAT and header.get("catalog") == catalog
            and isinstance(header.get("date"), str) and header.get("columns") == list(COLUMNS)
            and isinstance(header.get("offers"), int) and isinstance(header.get("matched"), int)):
        return None
    return Snapshot(catalog, header["date"], str(header.get("origin", "")), str(header.get("catalog_key", "")),
                    header["offers"], header["matched"], path, data)


def read(catalog: str) -> Snapshot | None:
    """The stored snapshot of a catalog; None when there is none or it is not fm's."""
    path = _file(catalog)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _snapshot(catalog, data, str(path))


def present() -> list[str]:
    """The catalogs with a stored snapshot, in SOURCES order: one listdir, nothing parsed."""
    try:
        names = set(os.listdir(folder()))
    except (OSError, RuntimeError, KeyError):  # no folder, or no home folder to find one in
        return []
    return [c for c, (module, _) in SOURCES.items() if f"{module}.jsonl" in names]


def snapshots() -> list[Snapshot]:
    return [s for s in (read(c) for c in present()) if s is not None]
