"""A non-editable install of the built wheel, in a fresh venv, answers from the data inside it."""

import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs_outside_the_repository(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)], cwd=ROOT,
                   check=True, capture_output=True)
    wheel = next(dist.glob("fmcli-*.whl"))
    import zipfile
    names = zipfile.ZipFile(wheel).namelist()
    assert "fmcli/data/glossary.yaml" in names and "fmcli/data/models.yaml" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run([str(env_dir / "bin" / "fm"), "show", "llama-3", "--json"], cwd=outside,
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "llama-3"
    where = subprocess.run([str(python), "-c", "import fmcli.paths as p; print(p.bundled_data_dir())"],
                           cwd=outside, capture_output=True, text=True)
    assert str(env_dir) in where.stdout  # the installed copy, not the repository's
