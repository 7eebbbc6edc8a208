import io
import sys

import pytest

from fmcli import output


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("env, tty, rich, color", [
    ({}, True, True, True),
    ({}, False, False, False),
    ({"NO_COLOR": "1"}, True, True, False),
    ({"NO_COLOR": ""}, True, True, True),  # empty NO_COLOR does not count (no-color.org)
    ({"TERM": "dumb"}, True, True, False),
    ({"FORCE_COLOR": "1"}, False, True, True),
    ({"FORCE_COLOR": "0"}, False, False, False),  # unlike Rich, 0 means no
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True, False),
])
def test_mode_decision(monkeypatch, env, tty, rich, color):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", FakeTTY() if tty else io.StringIO())
    mode = output.decide_mode(json_out=False)
    assert (mode.terminal, mode.color) == (rich, color)


def test_no_color_flag_and_json(monkeypatch):
    monkeypatch.setattr(sys, "stdout", FakeTTY())
    assert output.decide_mode(json_out=False, no_color=True).color is False
    assert output.decide_mode(json_out=True).json is True


def test_narrow_terminal_falls_back_to_plain_records(monkeypatch):
    from fmcli.views import Table
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    output.emit_blocks([Table("T", ["a", "b"], [["1", "2"]])], output.Mode(terminal=True, color=False, width=10))
    assert buffer.getvalue() == "T:\na\tb\n1\t2\n"
