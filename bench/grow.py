"""The bundled data grown N-fold, for timing fm on a larger catalog than today's.

Copy k (2..N) of every term, organization and model gets the id `<id>-copy<k>`, the name
`<name> copy<k>` and aliases (and provider_ids) likewise, and every reference (related, contrasts, organization,
family, parent, based_on, concepts) points into the same copy, so each copy is a whole valid
catalog and the result passes fm's validation. Block-style YAML, like the real files.

    .venv/bin/python bench/grow.py FACTOR OUT_DIR     # writes OUT_DIR/glossary.yaml, models.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from fmcli import yamlsafe
from fmcli.paths import BUNDLED_FILES, bundled_data_dir

REFERENCES = ("related", "organization", "family", "parent", "based_on", "concepts")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # copies share lists: write each out in full, as fm requires
        return True


def _plain(value):
    """yamlsafe's line-remembering mappings as plain dicts and lists (for yaml.safe_dump)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _copy(entry: dict, k: int, ids: set[str]) -> dict:
    def ref(value):
        return f"{value}-copy{k}" if isinstance(value, str) and value in ids else value

    out = dict(entry)
    out["id"] = f"{entry['id']}-copy{k}"
    out["name"] = f"{entry['name']} copy{k}"
    if "aliases" in entry:
        out["aliases"] = [f"{alias} copy{k}" for alias in entry["aliases"]]
    if "provider_ids" in entry:  # unique across entries, like aliases
        out["provider_ids"] = [f"{pid}-copy{k}" for pid in entry["provider_ids"]]
    for field in REFERENCES:
        if field in entry:
            out[field] = [ref(v) for v in entry[field]] if isinstance(entry[field], list) else ref(entry[field])
    if "contrasts" in entry:
        out["contrasts"] = {ref(key): text for key, text in entry["contrasts"].items()}
    return out


def grow(factor: int, out: Path, source: Path | None = None) -> list[Path]:
    """Write the bundled files, each entry `factor` times, into `out`; return the files written."""
    source = source or bundled_data_dir()
    documents = {name: _plain(yamlsafe.loads((source / name).read_text(encoding="utf-8")))
                 for name in BUNDLED_FILES}
    ids = {entry["id"] for doc in documents.values() for entries in doc.values() for entry in entries}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in documents.items():
        grown = {section: entries + [_copy(e, k, ids) for k in range(2, factor + 1) for e in entries]
                 for section, entries in doc.items()}
        path = out / name
        path.write_text(yaml.dump(grown, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100),
                        encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    for path in grow(int(sys.argv[1]), Path(sys.argv[2])):
        print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")
