"""Where a cold index build spends its time, in one process: the strict YAML loader against
PyYAML's own C loader, then validation, documents and the SQLite build.

Run with the project's venv:  .venv/bin/python bench/parse.py [--models N] [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import sqlite3
import tempfile
import time
from pathlib import Path

import yaml

from bench import catalog
from fmcli import yamlsafe
from fmcli.catalog import load
from fmcli.documents import build_documents
from fmcli.index import fill
from fmcli.lookup import normalize
from fmcli.paths import discover


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10_000, help="generated user models (default 10,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per step; the median is shown (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "models.yaml"
        path.write_text(catalog(args.models))
        text = path.read_text()
        files = discover([str(path)])
        state: dict = {}

        def build_index() -> None:
            keys = {normalize(v): e.id for e in state["catalog"].entries() for v in (e.id, e.name, *e.aliases)}
            fill(sqlite3.connect(":memory:"), state["docs"], keys, "bench")

        steps = {
            "PyYAML CSafeLoader (reference)": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
            "fm's strict loader": lambda: yamlsafe.loads(text),
            "load + validate (all files)": lambda: state.update(catalog=load(files)),
            "documents": lambda: state.update(docs=build_documents(state["catalog"])),
            "SQLite + FTS5 build (in memory)": build_index,
        }
        print(f"{args.models:,} generated models, {len(text) / 1e6:.1f} MB of YAML; "
              f"libyaml: {yamlsafe.WITH_LIBYAML}; median of {args.runs} runs")
        for name, step in steps.items():
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                step()
                times.append(time.perf_counter() - start)
            print(f"  {name:<34} {statistics.median(times):7.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
