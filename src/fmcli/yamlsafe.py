"""A strict YAML reader for data files.

PyYAML's safe loader follows YAML 1.1: `NO` becomes False, `2023-03-14` a date, `0755` an
octal 493, `1:30` the number 90, and duplicate keys silently overwrite. Here only `true`/`false`
are booleans, dates and sexagesimals stay strings, duplicate keys and aliases are errors, and
every failure becomes one `YamlError` with a line and column. Documents are built straight from
the parser's events (see `_build`), not through PyYAML's constructor.
"""

from __future__ import annotations

import re

import yaml

try:  # libyaml's parser is ~10x faster than PyYAML's pure-Python one.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

WITH_LIBYAML = _Parser.__module__ == "yaml._yaml"
MAX_BYTES = 64 * 1024 * 1024


class YamlError(Exception):
    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Mapping(dict):
    """A dict that remembers the line it started on and the line of each key (1-based), so a
    problem with a field can point at that field's line."""

    __slots__ = ("line", "key_lines")


# Plain scalars as YAML 1.2's core schema reads them; everything else is text.
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_TAG = "tag:yaml.org,2002:"
_PLAIN_SPECIAL = _NULL | frozenset(_BOOL)  # plain scalars that are not text; so are numbers:
_NUMERIC = frozenset("-+.0123456789")  # what a number's first character may be
_TEXT_TAGS = ("!", _TAG + "str")
MAX_NESTING = 200
_TOO_DEEP = f"nesting too deep (more than {MAX_NESTING} levels)"


def _error(message: str, event) -> YamlError:
    return YamlError(message, event.start_mark.line + 1, event.start_mark.column + 1)


def _tag_error(tag: str, event) -> YamlError:
    shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    return _error(f"the YAML tag {shown} is not allowed in data files", event)


def _float(text: str, event) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise _error("NaN and infinity are not allowed", event)
    return value


def _scalar(event):
    """The value of one scalar: resolved when plain and untagged, else as its tag says."""
    text, tag = event.value, event.tag
    if tag is None and event.implicit[0]:  # plain: null, bool, int, float or text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if text[:1] in _NUMERIC:
            if _INT.fullmatch(text):
                return int(text, 10)  # 0755 is 755, not octal
            if _FLOAT.fullmatch(text):
                return _float(text, event)
        return text
    if tag is None or tag in _TEXT_TAGS:  # quoted, or explicitly text
        return text
    try:
        if tag == _TAG + "int":
            return int(text, 10)
        if tag == _TAG + "float":
            return _float(text, event)
    except ValueError:
        raise _error(f"'{text}' is not a number", event) from None
    if tag == _TAG + "bool":
        if text in _BOOL:
            return _BOOL[text]
        raise _error(f"'{text}' is not true or false", event)
    if tag == _TAG + "null":
        if text in _NULL:
            return None
        raise _error(f"'{text}' is not null", event)
    raise _tag_error(tag, event)


def _build(parser):
    """One document from the parser's events, with an explicit stack (no recursion, so no depth
    limit but our own), checking keys as they arrive. Building from events rather than from
    PyYAML's node graph skips its per-scalar resolver and constructor calls: about 4x faster
    than PyYAML's own C loader (bench/parse.py)."""
    from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                             MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                             StreamEndEvent)

    get = parser.get_event
    get()  # the stream's start
    event = get()
    if type(event) is StreamEndEvent:
        return None
    # The collection being filled: a list, or a mapping with the key awaiting its value (None when
    # a key is due) and the lines of its keys; the enclosing ones wait on the stack.
    stack: list[tuple] = []
    container: list | Mapping | None = None
    key: str | None = None
    lines: dict[str, int] | None = None
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            text = event.value
            tag = event.tag
            if tag is None:  # plain (text unless it looks like null, a boolean or a number) or quoted
                resolve = event.implicit[0] and (text in _PLAIN_SPECIAL or text[:1] in _NUMERIC)
                value = _scalar(event) if resolve else text
            else:
                value = text if tag in _TEXT_TAGS else _scalar(event)
            if key is not None:
                container[key] = value
                key = None
            elif lines is None:  # an item of a list, or the document's root
                if container is None:
                    return _end(get, value)
                container.append(value)
            else:  # this value is a key
                if type(value) is not str:
                    raise _error(f"keys must be text, got {value!r}", event)
                if value == "<<" and event.implicit[0]:
                    raise _error("YAML merge keys (<<) are not allowed in data files", event)
                if value in lines:
                    raise _error(f"duplicate key '{value}' (first on line {lines[value]})", event)
                lines[value] = event.start_mark.line + 1
                key = value
            continue
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            if not stack:
                return _end(get, container)
            value = container
            container, key, lines = stack.pop()
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag not in (None, "!", _TAG + ("map" if kind is MappingStartEvent else "seq")):
                raise _tag_error(event.tag, event)
            if len(stack) + (container is not None) >= MAX_NESTING:  # the open collections
                raise _error(_TOO_DEEP, event)
            if kind is MappingStartEvent:
                value = Mapping()
                value.line = event.start_mark.line + 1
                value.key_lines = {}  # filled as keys arrive (the same dict finds duplicates)
            else:
                value = []
            if container is not None:
                if key is None and type(container) is not list:
                    shown = "a mapping" if kind is MappingStartEvent else "a list"
                    raise _error(f"keys must be text, got {shown}", event)
                stack.append((container, key, lines))
            container, key = value, None
            lines = value.key_lines if kind is MappingStartEvent else None
            continue
        elif kind is AliasEvent:
            raise _error("YAML aliases (*name) are not allowed in data files", event)
        else:  # pragma: no cover - the parser guarantees the nesting of events
            raise _error(f"unexpected {kind.__name__}", event)
        # a collection just ended: it is the value of its parent
        if key is not None:
            container[key] = value
            key = None
        else:
            container.append(value)


def _end(get, root):
    """The document's root, once the stream is checked to hold no second document."""
    from yaml.events import DocumentEndEvent, DocumentStartEvent

    if type(get()) is not DocumentEndEvent:  # pragma: no cover - guaranteed by the parser
        raise YamlError("invalid YAML: the document does not end")
    event = get()
    if type(event) is DocumentStartEvent:
        raise _error("expected a single document in the stream, but found another document", event)
    return root


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed), or YamlError naming the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YamlError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line) from None


def loads(text: str):
    """Parse one YAML document strictly. Raises YamlError, never anything else."""
    parser = _Parser(text)
    try:
        return _build(parser)
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
        if "nesting" in message:  # libyaml 0.2.6+ has a depth limit of its own, worded its own way
            message = _TOO_DEEP
        raise YamlError(message or "invalid YAML", mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None) from None
    except (yaml.YAMLError, ValueError, TypeError, MemoryError) as exc:
        raise YamlError(f"invalid YAML: {type(exc).__name__}: {exc}") from None
    finally:
        parser.dispose()
