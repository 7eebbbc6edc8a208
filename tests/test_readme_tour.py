"""The README's command samples are fm's real output (scripts/readme_tour.py), the provider ones
with the catalog fixtures of the tests imported."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def tour():
    spec = importlib.util.spec_from_file_location("readme_tour", ROOT / "scripts" / "readme_tour.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def providers_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("### `fm import`", 1)[1].split("\n### ", 1)[0]


def test_every_output_sample_of_the_providers_section_is_generated():
    blocks = providers_section().split("```")[1::2]
    samples = [b for b in blocks if not b.startswith("sh\n")]
    assert samples and all(b.startswith("\n$ fm ") for b in samples), samples
    marks = providers_section().count(tour().PROVIDERS_MARK)
    assert marks == len(samples)


def test_marked_blocks_run_with_the_provider_fixtures_imported(tmp_path, monkeypatch):
    script = tour()
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    readme = f"{script.PROVIDERS_MARK}\n```\n$ fm prices gpt-4o-mini\nold\n```\n\n```\n$ fm prices gpt-4o-mini\n```\n"
    marked, plain = script.regenerate(readme, *script.environments(tmp_path)).split("```\n\n```")
    assert "$0.60" in marked and "litellm 2" in marked and "old" not in marked
    assert "no provider catalog imported yet" in plain
