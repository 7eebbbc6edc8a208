"""bench/grow.py: the bundled data grown N-fold stays valid data, so the benchmark times real work."""

import sys
from pathlib import Path

from fmcli.catalog import load
from fmcli.paths import discover

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from grow import grow  # noqa: E402


def test_grown_data_is_valid_and_n_times_larger(tmp_path):
    today = load(discover([]))
    written = grow(2, tmp_path / "grown")
    grown = load([f._replace(path=str(tmp_path / "grown" / Path(f.path).name)) for f in discover([])])
    assert [p.name for p in written] == ["glossary.yaml", "models.yaml"]
    assert len(grown.terms) == 2 * len(today.terms) and len(grown.models) == 2 * len(today.models)
    # references stay inside their copy
    assert grown.models["llama-3-70b-copy2"].parent == "llama-3-copy2"
    assert grown.models["llama-3-copy2"].organization == "meta-copy2"
