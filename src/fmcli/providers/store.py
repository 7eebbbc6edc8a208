"""Snapshots of imported catalogs: one JSON file per catalog in the user's data folder
(paths.data_home()/providers), replaced atomically, so a failed import or download leaves the
previous snapshot whole. Only stat() and listdir() when there is nothing imported."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from fmcli.providers import SOURCES
from fmcli.providers.offer import CatalogFileError, Offer

SNAPSHOT_FORMAT = 1
MAX_FILE = 256 * 1024 * 1024  # a catalog file larger than this is not a catalog


class Snapshot(NamedTuple):
    catalog: str  # models.dev | openrouter | litellm
    date: str  # YYYY-MM-DD, the day it was imported
    origin: str  # the file or address it came from
    offers: list[dict]  # Offer.as_dict() plus "entry": the matched catalog id or None
    catalog_key: str  # the index it was matched against (index meta "key")
    path: str

    @property
    def provenance(self) -> str:
        return f"{self.catalog} {self.date}"


def folder() -> Path:
    from fmcli.paths import data_home
    return data_home() / "providers"


def _file(catalog: str) -> Path:
    return folder() / f"{SOURCES[catalog][0]}.json"  # a fixed name per catalog, never from the data


def parse_bytes(catalog: str, raw: bytes) -> list[Offer]:
    """A catalog's file as offers, or CatalogFileError naming what is wrong."""
    import importlib

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
    import tempfile

    body = {"format": SNAPSHOT_FORMAT, "catalog": catalog, "date": date, "origin": origin,
            "catalog_key": catalog_key,
            "offers": [{**o.as_dict(), "entry": e} for o, e in zip(offers, entries)]}
    target = _file(catalog)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(body, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Snapshot(catalog, date, origin, body["offers"], catalog_key, str(target))


def read(catalog: str) -> Snapshot | None:
    """The stored snapshot of a catalog; None when there is none or it is not fm's (a damaged
    snapshot is ignored, never half-read)."""
    path = _file(catalog)
    try:
        body = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not (isinstance(body, dict) and body.get("format") == SNAPSHOT_FORMAT and body.get("catalog") == catalog
            and isinstance(body.get("offers"), list) and isinstance(body.get("date"), str)):
        return None
    offers = [o for o in body["offers"] if isinstance(o, dict)]
    return Snapshot(catalog, body["date"], str(body.get("origin", "")), offers, str(body.get("catalog_key", "")),
                    str(path))


def present() -> list[str]:
    """The catalogs with a stored snapshot, in SOURCES order: one listdir, nothing parsed."""
    try:
        names = set(os.listdir(folder()))
    except (OSError, RuntimeError, KeyError):  # no folder, or no home folder to find one in
        return []
    return [c for c, (module, _) in SOURCES.items() if f"{module}.json" in names]


def snapshots() -> list[Snapshot]:
    return [s for s in (read(c) for c in present()) if s is not None]
