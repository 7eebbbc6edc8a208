"""Shared fixtures: a private cache per test, user-data files, and ways to run fm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

FM = str(Path(sys.executable).with_name("fm"))

MODEL_ENTRY = """\
  - id: {id}
    name: {name}
    kind: model
    aliases: []
    organization: meta
    summary: A test model.
    release: "2024-01-02"
    open_weights: true
    license: Apache 2.0
    parameters: 7B
    context_window: 4096
    modality: {{input: [text], output: [text]}}
    sources:
      - title: Test source
        url: https://example.org/{id}
        supports: [release, open_weights, license, parameters, context_window, modality]
"""


@pytest.fixture(scope="session")
def _index_seed(tmp_path_factory) -> Path:
    """The bundled index readied once per test session; a test copies it (fmrun.private_copy)."""
    from fmrun import build_index
    return build_index(tmp_path_factory.mktemp("fm-index-seed"))


@pytest.fixture(autouse=True)
def private_env(tmp_path, monkeypatch):
    """No test reads or writes the user's cache or sees their data or colour settings."""
    monkeypatch.setenv("FM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # imported catalogs
    for name in ("FM_DATA_PATH", "FORCE_COLOR", "NO_COLOR", "FM_DEBUG", "CLICOLOR_FORCE", "PY_COLORS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    import fmcli.index  # what one in-process run learnt of the prebuilt index must not reach the next
    monkeypatch.setattr(fmcli.index, "_prebuilt_in_use", False)
    monkeypatch.setattr(fmcli.index, "_prebuilt_damaged", False)


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", text) -> path of a dedented file in a fresh folder."""
    folder = tmp_path / "userdata"
    folder.mkdir()

    def _write(name: str, text: str | bytes) -> Path:
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path
    return _write


def model_yaml(*ids: str, extra: dict[str, str] | None = None) -> str:
    """A models: section of valid test models; `extra` adds YAML lines (4-space indented) per id."""
    out = "models:\n"
    for i in ids:
        entry = MODEL_ENTRY.format(id=i, name=i.replace("-", " ").title())
        lines = (extra or {}).get(i, "")
        if lines:
            entry = entry.replace("    sources:\n", lines + "    sources:\n").replace(
                "context_window, modality]", "context_window, modality, based_on]")
        out += entry
    return out


@pytest.fixture
def cli():
    """Run fm in-process: cli("show", "llama-3", "--json") -> Result (stdout and stderr apart)."""
    from fmcli.cli import app
    runner = CliRunner()

    def _run(*args: str, env: dict | None = None):
        return runner.invoke(app, list(args), env=env)
    return _run


def run_fm(*args: str, env: dict | None = None, cwd: str | None = None, timeout: int = 60,
           input: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed `fm` as a user would; stdout is a pipe."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([FM, *args], capture_output=True, text=True, env=full_env, cwd=cwd,
                          timeout=timeout, input=input)


def parse_json(text: str):
    return json.loads(text)
