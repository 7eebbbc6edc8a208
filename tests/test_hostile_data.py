"""Robustness against the user's own data (issue 5): FM_DATA_PATH and --data.

Invalid data exits 3 with one line naming the file and line (and the entry and field when the
YAML itself is fine); hostile text in a valid entry (Rich markup, ANSI/OSC escapes, C1 controls,
bidi overrides, NUL, DEL) is shown literally or escaped, never interpreted, with colour on or off,
and round-trips exactly through --json.

Every test runs the real `fm` in a subprocess with a private FM_CACHE_DIR, except the property
test on arbitrary overlay entries, which drives the Typer app in-process through CliRunner.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from fmrun import (
    FM,
    SGR,
    Arg,
    Run,
    assert_json_error,
    assert_one_line_error,
    base_env,
    cli_runner_env,
    fm,
    no_traceback,
    private_copy,
    run_cases,
    run_pty,
    unsafe_chars,
)


def fm_pty(args: Sequence[Arg], env: dict[str, str], *, timeout: float = 20, cwd: Path | None = None) -> Run:
    """fm with stdout on a 160-column pseudo-terminal (COLUMNS=160, TERM xterm-256color unless set)."""
    tty_env = {**env, "COLUMNS": "160", "TERM": env.get("TERM", "xterm-256color")}
    return run_pty(args, tty_env, cols=160, rows=50, timeout=timeout, cwd=cwd)


def dump(doc: dict, **style) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10 ** 9, **style)


# Valid entries, copied and changed by the tests.
TERM = {"id": "my-term", "name": "My term", "aliases": [], "category": "core", "level": "beginner",
        "summary": "A summary.", "definition": "A definition.", "related": ["foundation-model"],
        "sources": [{"title": "A source", "url": "https://example.com/"}]}
ORG = {"id": "my-org", "name": "My org", "aliases": [], "summary": "An organization.", "url": "https://example.com/"}
MODEL = {"id": "my-model", "name": "My model", "kind": "model", "organization": "meta", "aliases": [],
         "summary": "A model.", "release": "2024-03", "open_weights": True, "license": "MIT",
         "parameters": "7B", "context_window": 8192, "modality": {"input": ["text"], "output": ["text"]},
         "sources": [{"title": "Model card", "url": "https://example.com/card",
                      "supports": ["release", "open_weights", "license", "parameters", "context_window",
                                   "modality"]}]}


def entry(base: dict, **changes) -> dict:
    out = json.loads(json.dumps(base))
    for key, value in changes.items():
        if value is ...:
            out.pop(key, None)
        else:
            out[key] = value
    return out


# -- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
def env(tmp_path, _index_seed) -> dict[str, str]:
    return base_env(private_copy(_index_seed, tmp_path / "cache"))


@pytest.fixture
def write(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()

    def _write(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return _write


def invalid_both_ways(path: Path, env: dict, check_line, check_json=None, label: str = "", *, with_json=True):
    """Cases: FM_DATA_PATH with text output and --data with --json; both must exit 3."""
    def text(run):
        check_line(assert_one_line_error(run, 3))

    def as_json(run):
        error = assert_json_error(run, 3, "invalid_data")
        assert error.get("problems"), error
        if check_json:
            check_json(error)

    cases = [(f"{label} FM_DATA_PATH", ["define", "rlhf"], {**env, "FM_DATA_PATH": str(path)}, text)]
    if with_json:
        cases.append((f"{label} --data --json", ["define", "rlhf", "--data", str(path), "--json"], env, as_json))
    return cases


# == invalid data ==================================================================================

MALFORMED = {  # name: (content, lines the problem may be reported on)
    "unclosed-flow": ("terms:\n  - id: x\n    aliases: [a, b\n    name: y\n", {3, 4}),
    "bad-indent": ("terms:\n  - id: x\n     name: y\n   level: z\n", {3}),
    "tab-indent": ("terms:\n\t- id: x\n", {2}),
    "unterminated-quote": ('terms:\n  - id: "x\n    name: y\n', {2, 3, 4}),
    "colon-in-value": ("terms:\n  - id: a: b\n", {2}),
    "two-documents": ("terms: []\n---\nterms: []\n", {2, 3}),
    "raw-escape-byte": ("terms:\n  - id: x\n    name: a\x1b]0;pwned\x07b\n", {3}),
    "raw-nul-byte": ("terms:\n  - id: x\n    name: a\x00b\n", {3}),
    "raw-c1-control": ("terms:\n  - id: x\n    name: a\x9bb\n", {3}),
}


def test_malformed_yaml_names_file_and_line(env, write):
    def checks(path, lines):
        def check_line(line):
            found = re.search(re.escape(str(path)) + r":(\d+)\b", line)
            assert found, f"no file:line in {line!r}"
            assert int(found.group(1)) in lines, f"line {found.group(1)} reported, expected one of {lines}"
            assert "<unicode string>" not in line, "the message should name the user's file, not a parser buffer"

        def check_json(error):
            problem = error["problems"][0]
            assert problem["file"] == str(path) and problem["line"] in lines, problem

        return check_line, check_json

    cases = []
    for name, (content, lines) in MALFORMED.items():
        path = write(f"{name}.yaml", content)
        cases += invalid_both_ways(path, env, *checks(path, lines), name,
                                   with_json=name in ("unclosed-flow", "tab-indent", "raw-escape-byte"))
    run_cases(cases)


def test_validate_reports_every_malformed_file(env, write):
    paths = {name: write(f"{name}.yaml", content) for name, (content, _) in MALFORMED.items()}
    run = fm(["validate"] + [str(p) for p in paths.values()], env)
    assert run.code == 3, run
    no_traceback(run)
    assert unsafe_chars(run.out + run.err) == [], run
    for name, path in paths.items():
        found = re.search(re.escape(str(path)) + r":(\d+)\b", run.out)
        assert found, f"validate does not locate {name}: {run.out[:1500]}"
        assert int(found.group(1)) in MALFORMED[name][1], (name, found.group(0))


SCHEMA = {  # name: (section, entry, entry id named, field named)
    "missing-summary": ("terms", entry(TERM, summary=...), "my-term", "summary"),
    "bad-level": ("terms", entry(TERM, level="expert"), "my-term", "level"),
    "unknown-field": ("terms", entry(TERM, colour="blue"), "my-term", "colour"),
    "summary-too-long": ("terms", entry(TERM, summary="word " * 80), "my-term", "summary"),
    "bad-id": ("terms", entry(TERM, id="My_Term"), "My_Term", "id"),
    "unknown-related": ("terms", entry(TERM, related=["no-such-term"]), "my-term", "related"),
    "name-taken": ("terms", entry(TERM, name="Llama 3"), "my-term", "name"),
    "alias-empty": ("terms", entry(TERM, aliases=["--"]), "my-term", "aliases"),
    "source-without-url": ("terms", entry(TERM, sources=[{"title": "x"}]), "my-term", "sources"),
    # (a fact no source supports is no error in a user's file: the file is its source)
    "unknown-supported-fact": ("models", entry(MODEL, sources=[dict(MODEL["sources"][0], supports=["releese"])]),
                               "my-model", "sources"),
    "open-weights-yes": ("models", entry(MODEL, open_weights="yes"), "my-model", "open_weights"),
    "bad-modality": ("models", entry(MODEL, modality={"input": ["smell"], "output": ["text"]}), "my-model",
                     "modality"),
    "unknown-organization": ("models", entry(MODEL, organization="nobody"), "my-model", "organization"),
    "org-bad-url": ("organizations", entry(ORG, url="ftp://example.com"), "my-org", "url"),
}


_SCHEMA_JSON = {"missing-summary", "unknown-field", "name-taken", "unknown-supported-fact", "org-bad-url"}


def test_schema_violation_names_entry_and_field(env, write):
    def checks(path, entry_id, field):
        def check_line(line):
            assert str(path) in line, line
            assert f"entry '{entry_id}'" in line and f"field '{field}'" in line, line

        def check_json(error):
            assert any(p["entry"] == entry_id and p["field"] == field and p["file"] == str(path)
                       and isinstance(p["line"], int) for p in error["problems"]), error["problems"]

        return check_line, check_json

    cases = []
    for name, (section, bad, entry_id, field) in SCHEMA.items():
        path = write(f"{name}.yaml", dump({section: [bad]}))
        cases += invalid_both_ways(path, env, *checks(path, entry_id, field), name, with_json=name in _SCHEMA_JSON)
    run_cases(cases)


def test_validate_lists_every_schema_problem(env, write):
    path = write("many.yaml", dump({"terms": [entry(TERM, id="bad-one", name="Bad one", level="expert"),
                                              entry(TERM, id="bad-two", name="Bad two", colour="red")],
                                    "models": [entry(MODEL, open_weights="yes")]}))
    run = fm(["validate", str(path)], env)
    assert run.code == 3, run
    no_traceback(run)
    for entry_id, field in (("bad-one", "level"), ("bad-two", "colour"), ("my-model", "open_weights")):
        assert re.search(re.escape(str(path)) + rf":\d+: entry '{entry_id}': field '{field}'", run.out), run.out
    as_json = fm(["validate", str(path), "--json"], env)
    assert as_json.code == 3
    doc = json.loads(as_json.out)
    assert doc["valid"] is False and len(doc["problems"]) >= 3


DUPLICATES = {  # name: (content, line, what is named)
    "entry-key": ("terms:\n  - id: x\n    name: a\n    name: b\n", 4, "name"),
    "top-level-key": ("terms: []\nmodels: []\nterms: []\n", 3, "terms"),
    "source-key": ("terms:\n  - id: x\n    sources:\n      - title: a\n        title: b\n", 5, "title"),
}


def test_duplicate_keys(env, write):
    def check(path, line_no, key):
        def check_line(line):
            assert f"{path}:{line_no}" in line and "duplicate" in line and f"'{key}'" in line, line
        return check_line

    cases = []
    for name, (content, line_no, key) in DUPLICATES.items():
        path = write(f"{name}.yaml", content)
        cases += invalid_both_ways(path, env, check(path, line_no, key), label=name, with_json=name == "entry-key")
    run_cases(cases)


def test_duplicate_ids_in_one_file(env, write):
    path = write("dup-ids.yaml", dump({"terms": [TERM, entry(TERM, name="Other name")]}))

    def check_line(line):
        assert str(path) in line and "entry 'my-term'" in line and "duplicate" in line, line

    run_cases(invalid_both_ways(path, env, check_line, label="dup-ids"))


def test_missing_paths(env, tmp_path, write):
    good = write("good.yaml", dump({"terms": [TERM]}))
    missing = tmp_path / "no-such-file.yaml"
    missing_dir = tmp_path / "no-such-dir"

    def names(path):
        def check(line):
            assert str(path) in line, line
        return check

    cases = invalid_both_ways(missing, env, names(missing), label="file")
    cases += invalid_both_ways(missing_dir, env, names(missing_dir), label="dir")
    cases.append(("among others", ["define", "my-term"],
                  {**env, "FM_DATA_PATH": os.pathsep.join([str(good), str(missing)])},
                  lambda run: names(missing)(assert_one_line_error(run, 3))))
    run_cases(cases)


ENCODINGS = {  # name: (bytes, line)
    "latin-1": ("terms:\n  - id: x\n    name: café\n".encode("latin-1"), 3),
    "lone-0xff": (b"terms:\n  - id: x\n\n\n    name: \xff\n", 5),
    "utf-16": ("terms: []\n".encode("utf-16"), 1),
    "cp1252-quotes": (b"terms:\n  - id: x\n    summary: \x93quoted\x94\n", 3),
}


def test_file_that_is_not_utf8(env, write):
    def check(path, line_no):
        def check_line(line):
            assert f"{path}:{line_no}" in line and "UTF-8" in line, line
        return check_line

    cases = []
    for name, (content, line_no) in ENCODINGS.items():
        path = write(f"{name}.yaml", content)
        cases += invalid_both_ways(path, env, check(path, line_no), label=name, with_json=name == "latin-1")
    run_cases(cases)


def test_utf8_bom_is_accepted(env, write):
    path = write("bom.yaml", b"\xef\xbb\xbf" + dump({"terms": [TERM]}).encode())
    run = fm(["define", "my-term", "--data", path, "--json"], env)
    assert run.code == 0, run
    assert json.loads(run.out)["name"] == "My term"


EMPTY = {"empty": "", "blank": "  \n\n   \n", "comment": "# nothing here\n", "document-marker": "---\n",
         "empty-mapping": "{}\n", "empty-sections": "terms: []\norganizations: []\nmodels: []\n",
         "null-section": "terms:\n"}


def test_empty_files_add_nothing(env, write, tmp_path):
    baseline = fm(["define", "rlhf"], env)
    assert baseline.code == 0
    empty_dir = tmp_path / "empty-dir"
    empty_dir.mkdir()

    def same(run):
        assert (run.code, run.out, run.err) == (0, baseline.out, baseline.err), run

    cases = [(name, ["define", "rlhf", "--data", write(f"{name}.yaml", text)], env, same)
             for name, text in EMPTY.items()]
    cases.append(("empty folder", ["define", "rlhf"], {**env, "FM_DATA_PATH": str(empty_dir)}, same))
    cases.append(("empty path entries", ["define", "rlhf"], {**env, "FM_DATA_PATH": os.pathsep * 3}, same))
    run_cases(cases)


NOT_A_MAPPING = {"top-level-list": "- a\n- b\n", "top-level-scalar": "just words\n", "section-scalar": "terms: 5\n",
                 "entry-scalar": "terms: [5]\n", "entry-string": "terms:\n  - rlhf\n",
                 "section-mapping": "terms:\n  id: x\n", "unknown-top-level": "glossary: []\n",
                 "boolean-key": "on: []\n"}


def test_files_of_the_wrong_shape(env, write):
    cases = []
    for name, text in NOT_A_MAPPING.items():
        path = write(f"{name}.yaml", text)
        cases += invalid_both_ways(path, env, lambda line, p=path: str(p) in line or pytest.fail(line), label=name,
                                   with_json=name in ("top-level-list", "entry-scalar"))
    run_cases(cases)


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\nterms: *a%d\n" % (levels - 1)


BOMBS = {
    "billion-laughs": _billion_laughs(),
    "inside-an-entry": "terms:\n  - id: boom\n    name: &n [" + ", ".join(["x"] * 50) + "]\n"
                       "    summary: &s [" + ", ".join(["*n"] * 50) + "]\n"
                       "    definition: [" + ", ".join(["*s"] * 50) + "]\n",
    "merge-key": "base: &b {name: x}\nterms:\n  - <<: *b\n    id: x\n",
    "recursive": "terms: &a [*a]\n",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_alias_bombs_fail_fast_with_bounded_memory(env, write, name):
    path = write(f"{name}.yaml", BOMBS[name])
    for args in (["list", "terms", "--data", str(path), "--json"], ["validate", str(path)]):
        start = time.monotonic()
        proc = subprocess.Popen(FM + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail(f"fm {' '.join(args)} ran for more than 10 s on an alias bomb")
        seconds = time.monotonic() - start
        run = Run(proc.returncode, out, err)
        assert run.code == 3, run
        assert seconds < 5, seconds
        no_traceback(run)
        assert "alias" in (run.out + run.err).lower() or "merge" in (run.out + run.err).lower(), run


def test_alias_bomb_memory_stays_bounded(env, write):
    path = write("bomb.yaml", _billion_laughs(10))
    proc = subprocess.Popen(FM + ["show", "rlhf", "--data", str(path), "--json"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.02)
    else:
        proc.kill()
        proc.wait()
        pytest.fail("fm ran for more than 10 s on an alias bomb")
    assert os.waitstatus_to_exitcode(status) == 3
    max_rss_mib = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2 ** 20
    assert max_rss_mib < 400, f"peak memory {max_rss_mib:.0f} MiB on a {path.stat().st_size}-byte file"
    proc.returncode = os.waitstatus_to_exitcode(status)


def test_yaml_1_1_words_and_dates_stay_as_typed(env, write):
    text = (
        "terms:\n"
        "  - id: yaml-words\n    name: NO\n    aliases: [on, Off, YES]\n    category: core\n"
        "    level: beginner\n    summary: no\n    definition: y\n    related: [foundation-model]\n"
        "    sources:\n      - {title: A source, url: 'https://example.com/'}\n"
        "models:\n"
        "  - id: dated-model\n    name: Dated model\n    kind: model\n    organization: meta\n    aliases: []\n"
        "    summary: A model.\n    release: 2024-03-14\n    knowledge_cutoff: 2023-12\n    open_weights: true\n"
        "    license: 1:30\n    parameters: 7B\n    context_window: 0755\n"
        "    modality: {input: [text], output: [text]}\n"
        "    sources:\n      - title: Card\n        url: https://example.com/card\n"
        "        supports: [release, knowledge_cutoff, open_weights, license, parameters, context_window, modality]\n")
    path = write("yaml11.yaml", text)
    term = fm(["define", "yaml-words", "--data", path, "--json"], env)
    assert term.code == 0, term
    doc = json.loads(term.out)
    assert (doc["name"], doc["aliases"], doc["summary"], doc["definition"]) == ("NO", ["on", "Off", "YES"], "no", "y")
    by_name = fm(["define", "NO", "--data", path, "--json"], env)
    assert by_name.code == 0 and json.loads(by_name.out)["id"] == "yaml-words", by_name
    model = fm(["show", "dated-model", "--data", path, "--json"], env)
    assert model.code == 0, model
    doc = json.loads(model.out)
    assert doc["release"] == "2024-03-14" and doc["knowledge_cutoff"] == "2023-12"
    assert doc["license"] == "1:30", "1:30 must not become the sexagesimal number 90"
    assert doc["context_window"] == 755, "0755 is the number 755 (YAML 1.2), not octal 493"
    text_out = fm(["show", "dated-model", "--data", path], env)
    assert text_out.code == 0 and "2024-03-14" in text_out.out


QUOTE_ME = {  # name: (section, entry, field) where YAML produced a boolean or number, not text
    "name-true": ("terms", "name: true", "name"),
    "summary-false": ("terms", "summary: False", "summary"),
    "alias-true": ("terms", "aliases: [true]", "aliases"),
    "name-number": ("terms", "name: 12", "name"),
    "license-version": ("models", "license: 1.10", "license"),
    "architecture-exponent": ("models", "architecture: 1e3", "architecture"),
}


def _with_line(section: str, line: str) -> str:
    key = line.split(":", 1)[0]
    base = TERM if section == "terms" else entry(MODEL, architecture="transformer")
    if section == "models":
        base["sources"][0]["supports"] = base["sources"][0]["supports"] + ["architecture"]
    body = dump({section: [entry(base, **{key: "PLACEHOLDER"})]})
    return body.replace(f"{key}: PLACEHOLDER", line)


def test_yaml_booleans_and_numbers_where_text_is_meant_ask_for_quotes(env, write):
    def check(field):
        def check_line(line):
            assert f"field '{field}'" in line and "quote" in line, line
        return check_line

    cases = []
    for name, (section, line_text, field) in QUOTE_ME.items():
        path = write(f"{name}.yaml", _with_line(section, line_text))
        assert line_text in path.read_text()
        cases += invalid_both_ways(path, env, check(field), label=name, with_json=name in ("name-true", "license-version"))
    run_cases(cases)


def test_open_weights_must_be_true_or_false(env, write):
    def check(run):
        assert "field 'open_weights'" in assert_one_line_error(run, 3)

    cases = []
    for value in ("yes", "on", "Y", "1"):
        path = write(f"ow-{value}.yaml", dump({"models": [entry(MODEL, open_weights="PLACEHOLDER")]})
                     .replace("open_weights: PLACEHOLDER", f"open_weights: {value}"))
        cases.append((value, ["show", "my-model", "--data", path], env, check))
    run_cases(cases)


def test_impossible_dates(env, write):
    cases = []
    for release in ("2023-02-30", "2023-13", "2023-00-10", "99999-01"):
        path = write(f"date-{release}.yaml",
                     dump({"models": [entry(MODEL)]}).replace("release: 2024-03", f"release: {release}"))
        cases += invalid_both_ways(path, env, lambda line: "field 'release'" in line or pytest.fail(line),
                                   label=release, with_json=release == "2023-02-30")
    run_cases(cases)


def test_timestamp_and_python_tags_are_refused(env, write, tmp_path):
    marker = tmp_path / "pwned"
    cases = []
    for name, text in {"timestamp": "terms: !!timestamp 2024-01-01\n",
                       "python-object": f"terms: !!python/object/apply:os.system ['touch {marker}']\n",
                       "python-name": "terms: !!python/name:os.system\n",
                       "binary": "terms: !!binary aGVsbG8=\n", "set": "terms: !!set {a, b}\n"}.items():
        path = write(f"{name}.yaml", text)
        cases += invalid_both_ways(path, env, lambda line, p=path: f"{p}:1" in line or pytest.fail(line), label=name,
                                   with_json=name == "python-object")
    run_cases(cases)
    assert not marker.exists()


@pytest.mark.parametrize("depth", [10_000, 100_000])
@pytest.mark.parametrize("shape", ["sequence", "mapping"])
def test_deep_nesting_is_refused_without_crashing(env, write, shape, depth):
    text = ("terms: " + "[" * depth + "]" * depth if shape == "sequence"
            else "terms: " + "{a: " * depth + "1" + "}" * depth) + "\n"
    path = write("deep.yaml", text)
    run = fm(["define", "rlhf", "--data", path], env, timeout=20)
    assert run.code == 3, f"exit {run.code} ({'killed by signal ' + str(-run.code) if run.code < 0 else ''})"
    line = assert_one_line_error(run, 3)
    assert str(path) in line
    assert run.seconds < 5, run.seconds


def test_oversized_file_is_refused(env, write):
    path = write("huge.yaml", b"terms: []\n")
    with open(path, "r+b") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: 65 MiB, mostly NUL bytes
    run = fm(["define", "rlhf", "--data", path], env, timeout=20)
    line = assert_one_line_error(run, 3)
    assert str(path) in line


HUGE_NUMBERS = [("parameters", "99999999999999999999999999999"), ("parameters", 10 ** 30), ("context_window", 10 ** 30),
                ("context_window", "99999999999999999999999T"), ("training_tokens", "1" + "0" * 40),
                ("parameters", {"total": 10 ** 30, "active": 10 ** 29})]


def test_huge_numbers_in_data_are_invalid_data_not_a_crash(env, write):
    def check(field, value):
        def _check(run):
            if run.code == 0:  # accepted: then it must be exported faithfully
                doc = json.loads(run.out)
                expected = value if not isinstance(value, str) else \
                    int(value.rstrip("T")) * (10 ** 12 if value.endswith("T") else 1)
                assert doc[field] == expected, doc[field]
                return
            assert f"field '{field}'" in assert_json_error(run, 3, "invalid_data")["message"]
        return _check

    cases = []
    for i, (field, value) in enumerate(HUGE_NUMBERS):
        model = entry(MODEL, **{field: value})
        if field not in model["sources"][0]["supports"]:
            model["sources"][0]["supports"].append(field)
        path = write(f"huge-number-{i}.yaml", dump({"models": [model]}))
        cases.append((f"{field}={value}", ["show", "my-model", "--data", path, "--json"], env, check(field, value)))
        cases.append((f"{field}={value} text", ["show", "my-model", "--data", path], env,
                      lambda run: (run.code in (0, 3) and "internal error" not in run.err) or pytest.fail(repr(run))))
    run_cases(cases)


def test_unknown_fields_everywhere(env, write):
    cases = []
    for name, doc, field in (
            ("entry", {"terms": [entry(TERM, colour="blue")]}, "colour"),
            ("source", {"terms": [entry(TERM, sources=[{"title": "t", "url": "https://e.com", "foo": 1}])]},
             "sources"),
            ("organization", {"organizations": [entry(ORG, founded="2020")]}, "founded"),
            ("model", {"models": [entry(MODEL, vibes="good")]}, "vibes"),
            ("top-level", {"glossary": []}, "glossary")):
        path = write(f"unknown-{name}.yaml", dump(doc))
        cases += invalid_both_ways(path, env, lambda line, f=field: f"field '{f}'" in line or pytest.fail(line),
                                   label=name, with_json=name in ("entry", "top-level"))
    run_cases(cases)


def test_a_valid_overlay_replaces_a_bundled_entry(env, write):
    path = write("override.yaml", dump({"terms": [entry(TERM, id="rlhf", name="RLHF, my way",
                                                        aliases=["my rlhf"], related=["reward-model"])]}))
    run = fm(["define", "rlhf", "--json"], {**env, "FM_DATA_PATH": str(path)})
    assert run.code == 0, run
    assert json.loads(run.out)["name"] == "RLHF, my way"


# == hostile text in valid data ====================================================================

ESCAPES = ("\x1b[2J\x1b[H"                                              # clear the screen, cursor home
           "\x1b]0;pwned-title\x07"                                       # set the window title
           "\x1b]8;;https://evil.example\x1b\\click-me\x1b]8;;\x1b\\"    # OSC 8 hyperlink
           "\x1b[31mred\x1b[0m \x1b[1A\x1b[2K"                             # colour, cursor up, erase line
           "\u202eevil-bidi\u202c \u2066isolate\u2069"                    # bidi override and isolate
           "\x00nul \x7fdel \x07bell \x08bs \rcr \x0bvt \x0cff"           # C0 controls, NUL, DEL
           "\x85nel \x9b31mcsi \x9d0;c1-osc\x9c"                          # C1 controls
           "\u200bzero-width \ufeffbom \u2028line-sep")
MARKUP = "[bold]x[/] [/] [link=https://evil.example]link[/link] :warning: [red]arr[i][/red] a\\"
HOSTILE = f"{MARKUP} {ESCAPES} end"
NAME_TAIL = "[bold]x[/] [/] \x1b]0;t\x07\x1b[2J\u202eevil\x9b31m\x00\x7f\x85 end"
SUMMARY = ("Summary [bold]x[/] [/] \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ "
           "\x1b[2J\x1b[H \u202eevil \x85 \x9b31m \x00 \x7f \r :warning: end")

HOSTILE_TERM = entry(TERM, id="hostile-term", name="Hostile term " + NAME_TAIL, summary=SUMMARY,
                     definition=HOSTILE, example=HOSTILE, aliases=["alias [/] \x1b[31mred"],
                     contrasts={"foundation-model": HOSTILE},
                     sources=[{"title": HOSTILE, "url": "https://example.com/hostile"}])
HOSTILE_ORG = entry(ORG, id="hostile-org", name="Hostile org " + NAME_TAIL, summary=SUMMARY)
HOSTILE_MODEL = entry(MODEL, id="hostile-model", name="Hostile model " + NAME_TAIL, organization="hostile-org",
                      summary=SUMMARY, license="MIT " + NAME_TAIL, architecture=HOSTILE,
                      aliases=["hostile [/] alias \u202e"],
                      sources=[dict(MODEL["sources"][0], title=HOSTILE,
                                    supports=MODEL["sources"][0]["supports"] + ["architecture"])])

HOSTILE_COMMANDS = {
    "define": ["define", "hostile-term"],
    "show-term": ["show", "hostile-term"],
    "show-model": ["show", "hostile-model"],
    "show-org": ["show", "hostile-org"],
    "list-terms": ["list", "terms", "--category", "core"],
    "list-models": ["list", "models", "--org", "hostile-org"],
    "list-orgs": ["list", "orgs"],
    "search": ["search", "hostile"],
    "compare-models": ["compare", "hostile-model", "gpt-4"],
    "compare-terms": ["compare", "hostile-term", "foundation-model"],
    "why": ["why", "hostile-model", "license"],
    "fuzzy-notice": ["show", "hostile-modl"],
}
# Views in which the literal markup "[bold]x[/]" must be readable as is.
CARD_VIEWS = {"define", "show-term", "show-model", "show-org", "compare-terms", "why", "fuzzy-notice"}


@pytest.fixture(scope="session")
def hostile(tmp_path_factory, _index_seed):
    """A valid data file full of hostile text, and an index already built for it."""
    folder = tmp_path_factory.mktemp("hostile-data")
    path = folder / "hostile.yaml"
    doc = {"organizations": [HOSTILE_ORG], "terms": [HOSTILE_TERM], "models": [HOSTILE_MODEL]}
    text = yaml.safe_dump(doc, sort_keys=False, default_style='"', width=10 ** 9)
    assert yaml.safe_load(text) == doc
    path.write_text(text, encoding="utf-8")
    seed = private_copy(_index_seed, folder / "seed-cache")
    run = fm(["validate", str(path)], base_env(seed))
    assert run.code == 0, f"the hostile test data must be valid: {run}"
    run = fm(["define", "hostile-term"], base_env(seed, FM_DATA_PATH=str(path)))
    assert run.code == 0, run
    return path, seed


@pytest.fixture
def hostile_env(tmp_path, hostile) -> dict[str, str]:
    path, seed = hostile
    return base_env(private_copy(seed, tmp_path / "cache"), FM_DATA_PATH=str(path))


@pytest.mark.parametrize("mode", ["plain", "force-color", "tty"])
def test_hostile_text_is_inert_in_every_view(hostile_env, mode):
    extra = {"plain": {}, "force-color": {"FORCE_COLOR": "1", "COLUMNS": "160"}, "tty": {"TERM": "xterm-256color"}}[mode]
    colour = mode in ("force-color", "tty")

    def check(name):
        def _check(run):
            assert run.code == 0, run
            no_traceback(run)
            assert unsafe_chars(run.out, allow_sgr=colour) == [], "raw control characters reached the output"
            assert unsafe_chars(run.err) == [], "raw control characters reached stderr"
            if not colour:
                assert "\x1b" not in run.out
            text = SGR.sub("", run.out)
            assert "hostile" in text.lower(), "the hostile entry is missing from the output"
            if name in CARD_VIEWS or mode == "plain":
                assert "[bold]x[/]" in text, "Rich markup in data must be shown verbatim"
                assert "[/]" in text
            assert "⚠" not in text, ":warning: must not become an emoji"
        return _check

    cases = [(name, args, {**hostile_env, **extra}, check(name)) for name, args in HOSTILE_COMMANDS.items()]
    run_cases(cases, runner=fm_pty if mode.startswith("tty") else fm)


def test_hostile_text_round_trips_exactly_in_json(hostile_env):
    def term(run):
        doc = json.loads(run.out)
        assert doc["name"] == HOSTILE_TERM["name"] and doc["summary"] == SUMMARY
        assert doc["definition"] == HOSTILE and doc["example"] == HOSTILE
        assert doc["aliases"] == HOSTILE_TERM["aliases"] and doc["contrasts"]["foundation-model"] == HOSTILE
        assert doc["sources"][0]["title"] == HOSTILE

    def model(run):
        doc = json.loads(run.out)
        assert doc["name"] == HOSTILE_MODEL["name"] and doc["license"] == HOSTILE_MODEL["license"]
        assert doc["architecture"] == HOSTILE and doc["organization"] == HOSTILE_ORG["name"]
        assert doc["sources"][0]["title"] == HOSTILE

    def listing(run):
        rows = {r["id"]: r for r in json.loads(run.out)["results"]}
        assert rows["hostile-model"]["name"] == HOSTILE_MODEL["name"] and rows["hostile-model"]["summary"] == SUMMARY

    def search(run):
        rows = {r["id"]: r for r in json.loads(run.out)["results"]}
        assert rows["hostile-term"]["name"] == HOSTILE_TERM["name"]

    def compare(run):
        assert json.loads(run.out)["items"][0]["name"] == HOSTILE_MODEL["name"]

    def plain_ascii(check):
        def _check(run):
            assert run.code == 0, run
            assert run.out.isascii(), "JSON output is ASCII-escaped, so no raw control character can leak"
            check(run)
        return _check

    run_cases([(" ".join(args), args + ["--json"], hostile_env, plain_ascii(check)) for args, check in (
        (["define", "hostile-term"], term), (["show", "hostile-model"], model),
        (["list", "models", "--org", "hostile-org"], listing), (["search", "hostile", "--limit", "50"], search),
        (["compare", "hostile-model", "gpt-4"], compare))])


def test_hostile_text_in_error_messages(env, write, tmp_path):
    bad_level = write("bad-level.yaml", dump({"terms": [entry(TERM, level="exp\x1b]0;pwned\x07ert\u202e")]}))
    bad_key = write("bad-key.yaml", dump({"terms": [entry(TERM, **{"col\x1b[2Jour": "x"})]}, default_style='"'))
    weird_dir = tmp_path / "dir\x1b]0;pwned\x07\u202e"
    weird_dir.mkdir()
    weird_path = weird_dir / "bad\x1b[2J.yaml"
    weird_path.write_text("terms: [\n")

    def inert_text(run):
        assert run.code == 3, run
        no_traceback(run)
        assert unsafe_chars(run.out) == [] and unsafe_chars(run.err) == [], run

    def exact_json(raw):
        def _check(run):
            error = assert_json_error(run, 3, "invalid_data")
            assert raw in error["message"] or any(raw in json.dumps(p, ensure_ascii=False) for p in error["problems"])
        return _check

    cases = []
    for path, raw in ((bad_level, "exp\x1b]0;pwned\x07ert\u202e"), (bad_key, "col\x1b[2Jour"),
                      (weird_path, str(weird_path))):
        cases += [(f"{path.name} define", ["define", "rlhf", "--data", str(path)], env, inert_text),
                  (f"{path.name} validate", ["validate", str(path)], env, inert_text),
                  (f"{path.name} json", ["define", "rlhf", "--data", str(path), "--json"], env, exact_json(raw))]
    run_cases(cases)


# == property-based: arbitrary overlay entries =====================================================

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(max_size=40)
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), st.floats(), st.text(max_size=20))
_ANY = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                    max_leaves=8)
_ID = st.from_regex(r"\Aprop-[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}\Z")
_COUNT = st.one_of(st.integers(0, 10 ** 13), st.integers(2 ** 60, 2 ** 70),
                   st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,2})?[KMBT]\Z"), st.just("undisclosed"))


@st.composite
def _well_formed(draw, section: str) -> dict:
    text = lambda prefix, size=40: draw(st.text(max_size=size).map(lambda t: f"{prefix} {t}"))  # noqa: E731
    if section == "terms":
        return entry(TERM, id=draw(_ID), name=text("Prop", 60), summary=text("S", 150), definition=text("D", 300),
                     aliases=[text("alias", 20) for _ in range(draw(st.integers(0, 2)))],
                     sources=[{"title": text("T"), "url": "https://example.com/" + draw(st.from_regex(r"\A[a-z]{0,8}\Z"))}])
    if section == "organizations":
        return entry(ORG, id=draw(_ID), name=text("Org", 60), summary=text("S", 150))
    return entry(MODEL, id=draw(_ID), name=text("Model", 60), summary=text("S", 150), license=text("L", 30),
                 parameters=draw(_COUNT), context_window=draw(_COUNT), open_weights=draw(st.booleans()))


@st.composite
def overlays(draw):
    section = draw(st.sampled_from(["terms", "organizations", "models"]))
    item = draw(_well_formed(section))
    well_formed = draw(st.booleans())
    doc: dict = {section: [item]}
    truncate = False
    if not well_formed:
        for _ in range(draw(st.integers(1, 3))):
            action = draw(st.sampled_from(["set", "delete", "add", "section", "top"]))
            key = draw(st.sampled_from(sorted(item)))
            if action == "set":
                item[key] = draw(_ANY)
            elif action == "delete":
                item.pop(key, None)
            elif action == "add":
                item[draw(st.text(max_size=10))] = draw(_ANY)
            elif action == "section":
                doc[section] = draw(_ANY)
            else:
                doc[draw(st.text(max_size=10))] = draw(_ANY)
        truncate = draw(st.booleans())
    style = '"' if well_formed else draw(st.sampled_from([None, '"', "'"]))
    text = yaml.safe_dump(doc, sort_keys=False, default_style=style, allow_unicode=draw(st.booleans()),
                          width=10 ** 9)
    if truncate:
        text = text[:draw(st.integers(0, len(text)))]
    return section, item, well_formed and not truncate, text


@pytest.fixture(scope="module")
def overlay_runner(_index_seed, tmp_path_factory):
    """CliRunner env with a private cache (where fm keeps the bundled files' validated entries, so
    only the overlay is parsed after the first example)."""
    cache = private_copy(_index_seed, tmp_path_factory.mktemp("fm-overlay-cache"))
    folder = tmp_path_factory.mktemp("fm-overlays")
    yield cli_runner_env(cache), folder, itertools.count()


@settings(max_examples=60, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=overlays())
def test_property_arbitrary_overlay_entries(overlay_runner, case):
    """Any overlay gives exit 0 or 3 (never 70); a valid one renders inert and round-trips in JSON."""
    from typer.testing import CliRunner

    from fmcli.cli import app

    env, folder, counter = overlay_runner
    section, item, well_formed, text = case
    path = folder / f"overlay-{next(counter)}.yaml"
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()

    checked = runner.invoke(app, ["validate", str(path), "--json"], env=env)
    assert checked.exit_code in (0, 3), (checked.exit_code, checked.output[-800:], text[:500])
    assert json.loads(checked.stdout)["valid"] is (checked.exit_code == 0)

    used = runner.invoke(app, ["define", "rlhf", "--data", str(path)], env=env)
    assert used.exit_code == checked.exit_code, (used.exit_code, used.output[-800:], text[:500])
    assert "Traceback" not in used.output
    assert unsafe_chars(used.stderr) == [], used.stderr
    if used.exit_code == 3:
        lines = used.stderr.rstrip("\n").split("\n")
        assert len(lines) == 1 and lines[0].startswith("fm: error: "), used.stderr
        return
    if not well_formed or not isinstance(item.get("id"), str):
        return
    command = "define" if section == "terms" else "show"
    as_json = runner.invoke(app, [command, item["id"], "--data", str(path), "--json"], env=env)
    assert as_json.exit_code == 0, (as_json.exit_code, as_json.output[-800:])
    doc = json.loads(as_json.stdout)
    for field in ("name", "summary", "definition", "license"):
        if field in item:
            assert doc[field] == item[field].strip(), field
    for colour in ({}, {"FORCE_COLOR": "1"}):
        shown = runner.invoke(app, [command, item["id"], "--data", str(path)], env={**env, **colour})
        assert shown.exit_code == 0, shown.output[-800:]
        assert unsafe_chars(shown.stdout, allow_sgr=bool(colour)) == [], shown.stdout[:800]
        assert unsafe_chars(shown.stderr) == [], shown.stderr
