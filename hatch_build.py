"""Build hook: compile the bundled data into the SQLite index that ships inside the package, so
the first run after an install answers without building one (src/fmcli/index.py, prebuilt).

A wheel gets a fresh index built from the data it ships (a failure fails the build). An editable
install writes it beside the source package, where the installed `fmcli` is imported from; there a
failure only warns, since fm builds the index into its cache anyway. The index is compiled by
the source tree's own fmcli, in a child process of the build environment's Python.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILE = """\
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from fmcli.index import write_prebuilt
from fmcli.paths import discover
write_prebuilt(Path(sys.argv[2]), discover([]))
"""


class PrebuiltIndexHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        if version == "editable":
            try:
                self._compile(Path(self.root) / "src" / "fmcli" / "data")
            except RuntimeError as exc:
                self.app.display_warning(f"fm: no prebuilt index ({exc}); the first run will build one")
            return
        self._folder = Path(tempfile.mkdtemp(prefix="fm-prebuilt-"))
        self._compile(self._folder)
        for name in ("index.sqlite3", "index.json"):
            build_data["force_include"][str(self._folder / name)] = f"fmcli/data/{name}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def _compile(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # Not -I: pip's isolated build environment reaches PyYAML through PYTHONPATH, which -I drops
        # (a first `pip install -e .` into a fresh venv then had no yaml and no prebuilt index).
        done = subprocess.run([sys.executable, "-B", "-c", COMPILE, str(Path(self.root) / "src"), str(folder)],
                              cwd=self.root, capture_output=True, text=True)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise RuntimeError(f"compiling the bundled data failed: {lines[-1] if lines else done.returncode}")
