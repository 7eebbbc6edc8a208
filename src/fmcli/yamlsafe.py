"""A strict YAML reader for data files.

PyYAML's safe loader follows YAML 1.1: `NO` becomes False, `2023-03-14` a date, `0755` an
octal 493, `1:30` the number 90, and duplicate keys silently overwrite. Here only `true`/`false`
are booleans, dates and sexagesimals stay strings, duplicate keys and aliases are errors, and
every failure (including the ValueError/RecursionError PyYAML lets through) becomes one
`YamlError` with a line and column.
"""

from __future__ import annotations

import re

import yaml

try:  # libyaml's parser is ~10x faster; construction stays in Python either way.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

WITH_LIBYAML = _Parser.__module__ == "yaml._yaml"
MAX_BYTES = 64 * 1024 * 1024


class YamlError(Exception):
    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Mapping(dict):
    """A dict that remembers the line it started on (1-based)."""

    __slots__ = ("line",)


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema-like scalars: no yes/no/on/off, no dates, no base-60, no octal."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"),
    list("-+0123456789."))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _Constructor(yaml.constructor.SafeConstructor):
    def construct_object(self, node, deep=False):  # type: ignore[override]
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlError("YAML aliases (*name) and merge keys are not allowed in data files",
                            node.start_mark.line + 1, node.start_mark.column + 1)
        return super().construct_object(node, deep=True)

    def construct_yaml_map(self, node):  # type: ignore[override]
        data = Mapping()
        data.line = node.start_mark.line + 1
        yield data
        seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("YAML merge keys (<<) are not allowed in data files",
                                key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                raise YamlError(f"keys must be text, got {key!r}",
                                key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in seen:
                raise YamlError(f"duplicate key '{key}' (first on line {seen[key]})",
                                key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            seen[key] = key_node.start_mark.line + 1
            data[key] = self.construct_object(value_node)

    def construct_yaml_int(self, node):  # type: ignore[override]
        return int(self.construct_scalar(node), 10)  # YAML 1.2: 0755 is 755, not octal

    def construct_yaml_float(self, node):  # type: ignore[override]
        value = super().construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise YamlError("NaN and infinity are not allowed",
                            node.start_mark.line + 1, node.start_mark.column + 1)
        return value


_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_yaml_map)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    _Constructor.yaml_constructors.pop(f"tag:yaml.org,2002:{_tag}", None)


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed), or YamlError naming the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YamlError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line) from None


MAX_NESTING = 200
_CHAINED = re.compile(r"(?:[-?][ \t]+){%d}" % MAX_NESTING)


def _refuse_deep_nesting(text: str) -> None:
    """libyaml's composer recurses per level and can overflow the C stack (a segfault) long
    before Python notices, so very deep documents are refused before parsing."""
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    indent = max((len(m) for m in re.findall(r"^[ ]+", text, re.MULTILINE)), default=0)
    if deepest > MAX_NESTING or indent > 4 * MAX_NESTING or _CHAINED.search(text):
        raise YamlError(f"nesting too deep (more than {MAX_NESTING} levels)")


def loads(text: str):
    """Parse one YAML document strictly. Raises YamlError, never anything else."""
    _refuse_deep_nesting(text)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:  # a raw control character: it has an offset, not a line
        position = exc.position or 0
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        raise YamlError(f"control character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} "
                        "is not allowed here (write it escaped, e.g. \"\\x1b\", inside double quotes)",
                        line, column) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise YamlError(message or "invalid YAML", mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None) from None
    except RecursionError:
        raise YamlError("nesting too deep (more levels than a data file needs)") from None
    except (yaml.YAMLError, ValueError, TypeError, MemoryError) as exc:
        raise YamlError(f"invalid YAML: {type(exc).__name__}: {exc}") from None
