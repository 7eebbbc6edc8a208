"""A non-editable install of the built wheel, in a fresh venv, answers from the data inside it, and
its first run answers from the index compiled into the wheel (hatch_build.py) without building one;
an editable install's build writes that index beside the source package."""

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs_outside_the_repository(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)], cwd=ROOT,
                   check=True, capture_output=True)
    wheel = next(dist.glob("fmcli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "fmcli/data/glossary.yaml" in names and "fmcli/data/models.yaml" in names
    assert "fmcli/data/index.sqlite3" in names and "fmcli/data/index.json" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([str(env_dir / "bin" / "fm"), "show", "llama-3", "--json"], cwd=outside,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "llama-3"
    cache = tmp_path / ".cache" / "fm"
    assert not list(cache.glob("index-*.sqlite3")), "the first run after install built an index"
    assert list(cache.glob("index-*.prebuilt"))  # it checked the shipped one and noted that
    info = subprocess.run([str(env_dir / "bin" / "fm"), "data", "--json"], cwd=outside, capture_output=True,
                          text=True, env=env)
    assert json.loads(info.stdout)["index"].startswith(str(env_dir))  # the installed copy's own index
    where = subprocess.run([str(python), "-c", "import fmcli.paths as p; print(p.bundled_data_dir())"],
                           cwd=outside, capture_output=True, text=True)
    assert str(env_dir) in where.stdout  # the installed copy, not the repository's


def test_editable_build_writes_the_prebuilt_index_beside_the_sources(tmp_path):
    tree = tmp_path / "checkout"
    tree.mkdir()
    for name in ("pyproject.toml", "hatch_build.py", "README.md", ".gitignore"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "data", tree / "data")
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("data", "__pycache__"))
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel:editable", "--hooks-only"],
                   cwd=tree, check=True, capture_output=True)
    assert (tree / "src" / "fmcli" / "data" / "index.sqlite3").is_file()
    cache = tmp_path / "cache"
    run = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                          "from fmcli.entry import main; sys.argv[1:] = sys.argv[2:]; main()",
                          str(tree / "src"), "show", "llama-3", "--json"],
                         capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "FM_CACHE_DIR": str(cache)})
    assert run.returncode == 0 and json.loads(run.stdout)["id"] == "llama-3", run.stderr
    assert not list(cache.glob("index-*.sqlite3")) and list(cache.glob("index-*.prebuilt"))
