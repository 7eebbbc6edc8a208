"""Where a cold index build spends its time, in one process: the strict YAML loader against
PyYAML's own C loader and against libyaml's bare event stream, then validation, documents and the
SQLite build (the steps with the cyclic garbage collector paused, as fm's build pauses it), then
the whole cold build as fm runs it and the first search after it (which adds the search tables).

Run with the project's venv:  .venv/bin/python bench/parse.py [--models N | --grow F] [--runs R]

--models N: a generated user catalog of N models on top of the bundled data (default 10,000);
--grow F: the bundled data alone, grown F-fold (grow.py), as the bundled files.
"""

from __future__ import annotations

import argparse
import gc
import os
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
from fmcli.index import _build, _write, fill
from fmcli.paths import discover


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (steadier than wall time on a
    busy machine)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10_000, help="generated user models (default 10,000)")
    parser.add_argument("--grow", type=int, metavar="F", help="the bundled data alone, grown F-fold")
    parser.add_argument("--runs", type=int, default=3, help="runs per step; the median is shown (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.grow:
            from grow import grow

            paths = grow(args.grow, Path(tmp))
            files = [f._replace(path=str(p)) for f, p in zip(discover([]), paths, strict=True)]
            what = f"the bundled data grown {args.grow}x"
        else:
            path = Path(tmp) / "models.yaml"
            path.write_text(catalog(args.models))
            paths, files = [path], discover([str(path)])
            what = f"{args.models:,} generated models"
        text = "".join(p.read_text() for p in paths)
        texts = [p.read_text() for p in paths]
        state: dict = {}
        built: list = []  # the indexes of the whole cold builds, each searched once

        def build_index(target: Path | None = None, search: bool = True) -> None:
            keys = state["catalog"].keys
            if target is None:
                fill(sqlite3.connect(":memory:"), state["docs"], keys, "bench", search=search)
            else:  # as fm writes its cache: a file, renamed
                _write(target, lambda db: fill(db, state["docs"], keys, "bench", search=search))

        def events() -> None:
            for t in texts:
                parser = yaml.cyaml.CParser(t)
                while parser.get_event() is not None:
                    pass
                parser.dispose()

        def cold_build() -> None:
            gc.enable()  # fm's build pauses it where it pays
            try:
                built.append(_build(files, "bench", Path(tmp) / f"cold-{len(built)}.sqlite3"))
            finally:
                gc.disable()

        steps = {
            "PyYAML CSafeLoader (reference)": lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts],
            "libyaml's events alone (the floor)": events,
            "fm's strict loader": lambda: [yamlsafe.loads(t) for t in texts],
            "load + validate (all files)": lambda: state.update(catalog=load(files)),
            "documents": lambda: state.update(docs=build_documents(state["catalog"])),
            "SQLite + FTS5 build (in memory)": build_index,
            "SQLite + FTS5 build (to a file)": lambda: build_index(Path(tmp) / "index.sqlite3"),
            "SQLite, no search tables (a cache build)": lambda: build_index(Path(tmp) / "core.sqlite3", False),
            "whole cold build, as fm does it": cold_build,
            "then the first search (adds the tables)": lambda: built.pop().search("attention", 10),
        }
        print(f"{what}, {len(text) / 1e6:.1f} MB of YAML; "
              f"libyaml: {yamlsafe.WITH_LIBYAML}; median of {args.runs} runs, wall and CPU seconds")
        gc.disable()
        for name, step in steps.items():
            times, cpu = [], []
            for _ in range(args.runs):
                start, start_cpu = time.perf_counter(), _cpu()
                step()
                times.append(time.perf_counter() - start)
                cpu.append(_cpu() - start_cpu)
            print(f"  {name:<42} {statistics.median(times):7.3f} s {statistics.median(cpu):7.3f} s cpu")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
