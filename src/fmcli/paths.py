"""Where data lives: the bundled files, the user's files, the cache folder. Only stat() here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from fmcli.errors import DataError, Problem

BUNDLED_FILES = ("glossary.yaml", "models.yaml")
PREBUILT_INDEX = "index.sqlite3"  # the bundled data compiled when fm was built (hatch_build.py)
PREBUILT_MANIFEST = "index.json"  # what it was built from, and its size
DATA_SUFFIXES = (".yaml", ".yml")


class DataFile(NamedTuple):
    path: str
    size: int
    mtime_ns: int
    bundled: bool


def bundled_data_dir() -> Path:
    """The data inside the installed package; in a source checkout, the repository's data/."""
    packaged = Path(__file__).resolve().parent / "data"
    if (packaged / BUNDLED_FILES[0]).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def prebuilt_dir() -> Path:
    """Where the build put the index of the bundled data: inside the package, in the wheel and
    (written by an editable install) in a source checkout alike."""
    return Path(__file__).resolve().parent / "data"


def user_data_paths(option: str | None) -> list[str]:
    """FM_DATA_PATH entries, then --data entries; both separated like PATH."""
    raw = [os.environ.get("FM_DATA_PATH", ""), option or ""]
    return [part for chunk in raw for part in chunk.split(os.pathsep) if part.strip()]


def _stat(path: str, bundled: bool) -> DataFile:
    st = os.stat(path)
    return DataFile(path, st.st_size, st.st_mtime_ns, bundled)


def discover(user_paths: list[str]) -> list[DataFile]:
    """Every data file to load, in load order (bundled first), with its size and mtime."""
    base = bundled_data_dir()
    files = [_stat(str(base / name), True) for name in BUNDLED_FILES]
    problems: list[Problem] = []
    for entry in user_paths:
        path = os.path.abspath(os.path.expanduser(entry))  # named in sources and errors, whatever the cwd
        try:
            if os.path.isdir(path):
                names = sorted(n for n in os.listdir(path) if n.endswith(DATA_SUFFIXES))
                files.extend(_stat(os.path.join(path, n), False) for n in names
                             if os.path.isfile(os.path.join(path, n)))
            else:
                files.append(_stat(path, False))
        except OSError as exc:
            problems.append(Problem(entry, None, None, None,
                                    f"cannot read user data path: {exc.strerror or exc}"))
    if problems:
        raise DataError(problems)
    return files


def data_home() -> Path:
    """The user's own fm data (imported provider catalogs): $XDG_DATA_HOME/fm, else
    ~/.local/share/fm. Never inside the package."""
    xdg = os.environ.get("XDG_DATA_HOME")
    return Path(xdg) / "fm" if xdg else Path.home() / ".local" / "share" / "fm"


def cache_dir() -> Path:
    explicit = os.environ.get("FM_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "fm" if xdg else Path.home() / ".cache" / "fm"
