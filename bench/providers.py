"""Time the provider catalogs (issue 18): importing a models.dev file of about 5,300 provider
models, and `fm show` with and without imported snapshots.

Run with the project's venv:  .venv/bin/python bench/providers.py [--offers N] [--runs R] [--source FILE]

Without --source the input is generated: models.dev's `api.json` shape, filled with the chat
models of the LiteLLM fixture in tests/fixtures spread over as many providers as it takes to
reach N offers (real model ids, so the match rate is realistic). Each case is a whole `fm`
process, piped, with its own cache and data folder under a temp dir; medians of R interleaved
rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FM = str(Path(sys.executable).parent / "fm")
LITELLM = ROOT / "tests" / "fixtures" / "litellm_model_prices.json"


def generate(offers: int, litellm: Path) -> dict:
    """A models.dev-shaped catalog of `offers` provider models."""
    source = json.loads(litellm.read_text())
    models = [(key, m) for key, m in source.items() if isinstance(m, dict) and m.get("mode") == "chat"]
    providers: dict = {}
    n = 0
    while n < offers:
        pid = f"provider-{len(providers):03d}"
        chunk = {}
        for key, m in models:
            if n >= offers:
                break
            model_id = key.rsplit("/", 1)[-1]
            if model_id in chunk:
                continue
            chunk[model_id] = {
                "id": model_id, "name": model_id, "attachment": False, "reasoning": bool(m.get("supports_reasoning")),
                "tool_call": bool(m.get("supports_function_calling")), "temperature": True,
                "release_date": "2025-01-01", "last_updated": "2025-01-01",
                "modalities": {"input": ["text"], "output": ["text"]}, "open_weights": False,
                "cost": {"input": round((m.get("input_cost_per_token") or 0) * 1e6, 4),
                         "output": round((m.get("output_cost_per_token") or 0) * 1e6, 4)},
                "limit": {"context": m.get("max_input_tokens") or 0, "output": m.get("max_output_tokens") or 0}}
            n += 1
        providers[pid] = {"id": pid, "env": [], "npm": "@ai-sdk/openai-compatible", "name": pid, "models": chunk}
    return providers


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run([FM, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"fm {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=5300)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--source", help="a real models.dev api.json instead of the generated one")
    parser.add_argument("--litellm", default=str(LITELLM), help="LiteLLM file to draw model ids from")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = {k: v for k, v in os.environ.items() if k not in ("FM_DATA_PATH", "XDG_DATA_HOME", "FM_CACHE_DIR")}
        bare = {**base, "FM_CACHE_DIR": f"{tmp}/cache", "XDG_DATA_HOME": f"{tmp}/bare"}
        full = {**base, "FM_CACHE_DIR": f"{tmp}/cache", "XDG_DATA_HOME": f"{tmp}/imported"}
        source = options.source
        if source is None:
            source = f"{tmp}/api.json"
            Path(source).write_text(json.dumps(generate(options.offers, Path(options.litellm))))
        timed(["show", "llama-3", "--json"], bare)  # build the index once
        imports = [timed(["import", "models.dev", source], full) for _ in range(max(3, options.runs // 3))]
        info = json.loads(subprocess.run([FM, "data", "--json"], env=full, capture_output=True).stdout)
        snap = info["snapshots"][0]
        print(f"import models.dev ({snap['offers']} offers, {snap['matched']} matched): "
              f"median {statistics.median(imports):.3f} s")
        cases = {"show gpt-4o --json": ["show", "gpt-4o", "--json"], "show gpt-4o": ["show", "gpt-4o"],
                 "show llama-3 --json": ["show", "llama-3", "--json"]}
        times: dict = {(c, e): [] for c in cases for e in ("without", "with")}
        for _ in range(options.runs):
            for case, args in cases.items():
                times[(case, "without")].append(timed(args, bare))
                times[(case, "with")].append(timed(args, full))
        print(f"{'case':24} {'without imports':>16} {'with imports':>14} {'ratio':>7}")
        for case in cases:
            a, b = statistics.median(times[(case, "without")]), statistics.median(times[(case, "with")])
            print(f"{case:24} {a * 1000:13.1f} ms {b * 1000:11.1f} ms {b / a:7.2f}")


if __name__ == "__main__":
    main()
