"""The validated entries of each bundled data file, kept in the cache folder and keyed by the
file's content, so that a rebuild because user data changed neither parses nor validates the
bundled YAML again (at 4x today's data that was about 1.3 s of it).

Only entries of a file that loaded without a problem are kept; the rules between entries
(references, unique names) are checked on every build. JSON, so a damaged or foreign file is only
a miss.
"""

from __future__ import annotations

import json
from pathlib import Path

from fmcli import __version__
from fmcli.paths import DataFile, cache_dir
from fmcli.records import Entry, ModelEntry, Organization, Origin, Source, Term

FORMAT = 1  # bump when the records change shape
KEEP = 4  # files kept: the bundled ones of the fm in use, and of one more installation
RECORDS = {"terms": Term, "organizations": Organization, "models": ModelEntry}


def key_of(data_file: DataFile, raw: bytes) -> str:
    """What the entries depend on: fm's version, the file's path (named in errors) and content."""
    from fmcli.index import checksum

    return f"fm {__version__} entries {FORMAT}\0{data_file.path}\0{len(raw)}\0{checksum([raw])}"


def _path(key: str) -> Path:
    """A file name for the key (stored in the file and compared: a collision is only a miss)."""
    from fmcli.index import checksum

    return cache_dir() / f"entries-{checksum([key.encode('utf-8', 'surrogatepass')])}.json"


def cached(key: str) -> list[tuple[str, Entry]] | None:
    """The (section, record) pairs stored under this key, or None."""
    try:
        stored = json.loads(_path(key).read_bytes())
        if stored["key"] != key:
            return None
        return [(section, _record(section, fields)) for section, fields in stored["entries"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError):
        return None


def store(key: str, entries: list[tuple[str, Entry]]) -> None:
    """Keep these entries under this key; a cache that cannot be written only means parsing again."""
    from fmcli.atomic import prune, replace_file

    try:
        path = _path(key)
        payload = {"key": key, "entries": [[section, _fields(record)] for section, record in entries]}
        replace_file(path, json.dumps(payload, separators=(",", ":")).encode("ascii"))  # ASCII: 2x faster
    except (OSError, RuntimeError, KeyError):
        return
    prune(path.parent, "entries-*.json", keep=path, count=KEEP)


def _fields(record: Entry) -> dict:
    fields = dict(vars(record))
    fields["sources"] = [vars(source) for source in record.sources]
    fields["origin"] = vars(record.origin) if record.origin else None
    return fields


def _record(section: str, fields: dict) -> Entry:
    fields["sources"] = [Source(s["title"], s["url"], tuple(s["supports"]), s["file"], s["line"])
                         for s in fields["sources"]]
    fields["origin"] = Origin(**fields["origin"]) if fields["origin"] else None
    return RECORDS[section](**fields)
