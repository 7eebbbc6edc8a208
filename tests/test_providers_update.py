"""`fm update` against a local HTTP server on 127.0.0.1: a good download is imported; a 404, a
timeout, a truncated or invalid body and a huge one each give one clear error and lose nothing."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (FIXTURES / "modelsdev_api.json").read_bytes()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/api.json":
            self._send(200, GOOD)
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, GOOD)
        elif self.path == "/truncated":
            self._send(200, GOOD[:100], length=len(GOOD))
        elif self.path == "/invalid":
            self._send(200, b"<html>not json</html>")
        elif self.path == "/huge":
            self._send(200, b"", length=10**12)
        elif self.path == "/endless":  # no length: more than the cap streams in
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b" " * 65536)
            except OSError:  # fm stops reading at its cap and hangs up
                pass
        else:
            self._send(404, b"{}")


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """fm hangs up at its size cap or timeout; the server's report of the broken pipe would
        otherwise land, from its thread, in the stderr of whichever in-process run is current."""


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def snapshot() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "fm" / "providers" / "modelsdev.jsonl"


def test_a_download_is_imported(cli, server):
    result = cli("update", "models.dev", "--url", f"{server}/api.json", "--json")
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)["results"][0]
    assert info["offers"] == 20 and info["origin"] == f"{server}/api.json"
    assert json.loads(snapshot().read_text().splitlines()[0])["origin"] == f"{server}/api.json"


@pytest.mark.parametrize("path, code, words", [
    ("/missing", 69, "answered HTTP 404"),
    ("/slow", 69, "within 1 s"),
    ("/truncated", 69, "cut short"),
    ("/invalid", 3, "invalid JSON"),
    ("/huge", 69, "more than a catalog's"),
    ("/endless", 69, "more than 1,048,576 bytes"),
])
def test_a_failed_download_changes_nothing(cli, server, monkeypatch, path, code, words):
    assert cli("update", "models.dev", "--url", f"{server}/api.json").exit_code == 0
    before = snapshot().read_bytes()
    monkeypatch.setattr("fmcli.providers.store.MAX_FILE", 1 << 20)
    result = cli("update", "models.dev", "--url", f"{server}{path}", "--timeout", "1")
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("fm: error: ") and words in result.stderr and result.stderr.count("\n") == 1
    assert snapshot().read_bytes() == before
    assert [p.name for p in snapshot().parent.iterdir()] == ["modelsdev.jsonl"]


def test_offline_is_one_clear_line(cli):
    result = cli("update", "litellm", "--url", "http://127.0.0.1:9/none", "--timeout", "2", "--json")
    assert result.exit_code == 69
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "download" and "cannot reach http://127.0.0.1:9/none" in error["message"]


def test_update_usage_errors(cli, server):
    assert cli("update", "--url", f"{server}/api.json").exit_code == 2  # which catalog?
    assert cli("update", "models.dev", "--url", "file:///etc/passwd").exit_code == 2
    assert cli("update", "models.dev", "--timeout", "0").exit_code == 2


BAR = "\u2501"  # the bar's line, as Rich draws it


def test_a_terminal_sees_a_progress_bar_on_stderr_and_nothing_else_does(server, tmp_path):
    from fmrun import base_env, fm, run_pty

    env = base_env(tmp_path / "cache", TERM="xterm")
    args = ["update", "models.dev", "--url", f"{server}/api.json"]
    screen = run_pty(args, env, stderr_tty=True)
    assert screen.code == 0, screen
    assert BAR in screen.out and f"{len(GOOD) / 1000:.1f}" in screen.out  # the bar, with the size downloaded
    assert "models.dev: 20 provider models" in screen.out
    stdout_only = run_pty(args, env)  # stderr a pipe: no bar, on either stream
    assert stdout_only.code == 0 and BAR not in stdout_only.out + stdout_only.err
    piped = fm(args, env)
    assert piped.code == 0 and piped.err == "" and BAR not in piped.out
    scripted = run_pty([*args, "--json"], env, stderr_tty=True)
    assert scripted.code == 0 and BAR not in scripted.out
    assert json.loads(scripted.out)["results"][0]["offers"] == 20


def test_rich_is_imported_only_to_draw_the_bar(server, tmp_path):
    from test_startup import imported

    assert "rich" not in imported(tmp_path, "update", "models.dev", "--url", f"{server}/api.json")
