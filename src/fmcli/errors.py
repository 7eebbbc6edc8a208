"""Typed errors, each carrying its documented exit code. The CLI turns them into output in one place."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


def shorten(text: str, limit: int = 60) -> str:
    """A user's input as echoed in a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def closest(word: object, choices) -> str | None:
    """The one choice close enough to `word` to offer as "did you mean", if any."""
    if not isinstance(word, str):
        return None
    import difflib  # only on the path of a mistake
    choices = list(choices)
    starting = [c for c in choices if c.startswith(word)] if len(word) >= 3 else []
    if len(starting) == 1:  # 'safety' -> 'safety-alignment'
        return starting[0]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(word: object, choices) -> str:
    """' (did you mean 'x'?)' when one choice is close to `word`, else ''."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


class ExitCode(IntEnum):
    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    INVALID_DATA = 3
    UNAVAILABLE = 69  # sysexits EX_UNAVAILABLE: a download failed (offline, an HTTP error, a timeout)
    INTERNAL = 70
    OUTPUT = 74  # sysexits EX_IOERR: stdout closed or the disk full
    INTERRUPTED = 130


class Problem(NamedTuple):
    """One validation problem, located as precisely as the data allows."""

    file: str
    line: int | None
    entry: str | None
    field: str | None
    message: str
    fix: str | None = None  # YAML lines that would fix it, shown under the problem by `fm validate`

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.entry:
            parts.append(f"entry '{self.entry}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "entry": self.entry, "field": self.field,
                "message": self.message, "fix": self.fix}


class FmError(Exception):
    """Base of every error fm reports to a user."""

    code = "error"
    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "suggestions": self.suggestions}


class NotFoundError(FmError):
    code = "not_found"
    exit_code = ExitCode.NOT_FOUND


class UsageProblem(FmError):
    code = "usage"
    exit_code = ExitCode.USAGE


class OutputError(FmError):
    """The answer could not be written (stdout closed, disk full): the environment, not a bug."""

    code = "output"
    exit_code = ExitCode.OUTPUT


class DownloadError(FmError):
    """A catalog could not be downloaded: the network, not the data and not a bug."""

    code = "download"
    exit_code = ExitCode.UNAVAILABLE


class InternalError(FmError):
    """A bug: reported in one line, with the traceback only under FM_DEBUG."""

    code = "internal"
    exit_code = ExitCode.INTERNAL


class DataError(FmError):
    """Data files failed to load or validate; carries every problem found."""

    code = "invalid_data"
    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        first = str(problems[0]) if problems else "invalid data"
        from fmcli.wording import plural
        more = (f" (and {plural(len(problems) - 1, 'more problem', 'more problems')}; run 'fm validate')"
                if len(problems) > 1
                else " (run 'fm validate' for the lines to add)" if problems and problems[0].fix else "")
        super().__init__(first + more)
        self.problems = problems

    def as_dict(self) -> dict:
        return {**super().as_dict(), "problems": [p.as_dict() for p in self.problems]}
