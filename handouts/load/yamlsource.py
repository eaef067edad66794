"""Read a YAML file safely, remembering where every key and item came from.

Mappings come back as `Located` dicts and sequences as `LocatedList`s, each
holding the line and column (1-based) of its entries, so that validation can
point at `plan.yaml:14:5`. Dates stay text (they are checked later, so that
`2026-02-30` is a clear message rather than a crash).

Only plain YAML is accepted (a `SafeLoader`: no `!!python/...` tags), and the
document's size is bounded three ways before anything is built from it: the
file's bytes, its nesting depth, and the number of values it would have once
every alias is expanded, so a "billion laughs" file is refused at once and in
bounded memory (downstream code may print or walk any value it is given).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from handouts.errors import Problem, ValidationError, cut
from handouts.load import infile

YAML_SUFFIXES = (".yaml", ".yml")  # how a plan or layout file is named
MAX_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_NODES = 50_000  # values as written
MAX_EXPANDED = 50_000  # values once aliases are expanded
MAX_DEPTH = 40
_NUMBER = re.compile(r"[-+]?[0-9_.]+(e[-+]?[0-9]+)?", re.IGNORECASE)


class Located(dict):
    """A mapping that knows where each value and each key was written, and each value's raw text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.positions: dict = {}  # key -> (line, column) of its value
        self.key_positions: dict = {}  # key -> (line, column) of the key itself
        self.raw: dict = {}  # key -> the scalar exactly as written (`id: 00123` keeps its zeros)
        self.start: tuple = (None, None)

    def copy(self) -> Located:
        """A copy that remembers the same places (a plain dict's copy would forget them)."""
        copy = Located(self)
        copy.positions, copy.key_positions, copy.raw = dict(self.positions), dict(self.key_positions), dict(self.raw)
        copy.start = self.start
        return copy

    def with_values(self, values: dict) -> Located:
        """A copy with `values` put in from outside the file (a roster row's): a mapping of values fills in the
        mapping of the same key. What is put in has no line or column: messages about it name where it came
        from, never the line it replaced."""
        merged = self.copy()
        for key, value in values.items():
            if isinstance(value, dict) and isinstance(merged.get(key), Located):
                merged[key] = merged[key].with_values(value)
            else:
                merged._put(key, value)
        return merged

    def _put(self, key: str, value) -> None:
        """Set a value that came from outside the file: plain dicts and lists take the YAML shapes, unlocated."""
        if isinstance(value, dict):
            value = Located(value)
        elif isinstance(value, list):
            value = LocatedList(value)
        self[key] = value
        for places in (self.positions, self.key_positions, self.raw):
            places.pop(key, None)


class LocatedList(list):
    """A sequence that knows the position of each item."""

    def __init__(self, *args):
        super().__init__(*args)
        self.positions: list = []
        self.start: tuple = (None, None)


def positions_of(doc, prefix: tuple = ()) -> dict[tuple, tuple[int, int]]:
    """Where each value of `doc` was written, by its path (('thermal', 'ice', 'minutes'), ('exercises', 2)).
    Values put in from outside the file (a roster row's) have no position."""
    out: dict[tuple, tuple[int, int]] = {}
    if isinstance(doc, Located):
        items = (((*prefix, str(key)), value, doc.positions.get(key)) for key, value in doc.items())
    elif isinstance(doc, LocatedList):
        items = (((*prefix, i), value, doc.positions[i] if i < len(doc.positions) else None)
                 for i, value in enumerate(doc))
    else:
        return out
    for path, value, position in items:
        if position is not None:
            out[path] = position
        out.update(positions_of(value, path))
    return out


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Locating:
    """Builds Located values and refuses what does not fit; mixed into a loader."""

    def __init__(self, stream, source: str):
        super().__init__(stream)
        self.source = source
        self.aliases = 0
        self.nodes = 0
        self.depth = 0
        self.duplicates: list[tuple[str, tuple[int, int]]] = []

    def refuse(self, message: str, mark=None) -> None:
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ValidationError([Problem(self.source, message, line=line, column=column)])

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, IndexError, KeyError, OverflowError):
            # PyYAML's own constructors fail this way on an explicit tag that does not fit, e.g. `!!float abc`,
            # and on a plain number too long for Python to read (over 4,300 digits).
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            if tag in ("!!int", "!!float") and _NUMBER.fullmatch(str(node.value)):
                self.refuse(f"a number {len(node.value):,} characters long is too large; check the value",
                            node.start_mark)
            self.refuse(f"{str(node.value)[:40]!r} cannot be read as {tag}; remove the tag", node.start_mark)

    def construct_mapping(self, node, deep=False):
        written = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
        # `<<: *base` puts base's pairs first; a key written here overrides them, as YAML defines.
        self.flatten_mapping(node)
        merged = len(node.value) - written
        result = Located()
        result.start = _mark(node)
        seen: set = set()  # keys written in this mapping itself: only those can be given twice
        for index, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if index >= merged:
                if key in seen:
                    self.duplicates.append((str(key), _mark(key_node)))
                seen.add(key)
            result[key] = self.construct_object(value_node, deep=True)
            result.positions[key] = _mark(value_node)
            result.key_positions[key] = _mark(key_node)
            if isinstance(value_node, yaml.ScalarNode):
                result.raw[key] = value_node.value
            else:
                result.raw.pop(key, None)  # a merged scalar, overridden here
        return result

    def construct_sequence(self, node, deep=False):
        result = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        result.positions, result.start = [_mark(child) for child in node.value], _mark(node)
        return result


class _Loader(_Locating, yaml.SafeLoader):
    """For plans and layouts, which may come from anywhere: size, depth and alias counts bounded as it reads."""

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                self.refuse(f"more than {MAX_ALIASES} aliases (*name); write the values out in full", mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.refuse(f"more than {MAX_NODES:,} values; this is not a plan or layout", mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.refuse(f"nested more than {MAX_DEPTH} levels deep; check the indentation", mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _FastLoader(_Locating, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """For the content library, which ships with handouts: libyaml's parser, several times faster."""


def _located_mapping(loader, node):
    return loader.construct_mapping(node)


def _located_sequence(loader, node):
    return loader.construct_sequence(node)


def _refuse_tag(loader, node):
    """`!!python/object/apply:os.system` and friends: named and refused, never run."""
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    loader.refuse(f"the tag '{cut(tag)}' is not allowed; write a plain value without '!'", node.start_mark)


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor("tag:yaml.org,2002:map", _located_mapping)
    _cls.add_constructor("tag:yaml.org,2002:seq", _located_sequence)
    _cls.add_constructor(None, _refuse_tag)
    # A plain `<<` as a value (`title: <<`) is text: YAML only merges with it as a key, which flatten_mapping does.
    _cls.add_constructor("tag:yaml.org,2002:merge", yaml.SafeLoader.construct_yaml_str)
    # Dates are validated by the plan checker, not by PyYAML (which crashes on 2026-02-30).
    _cls.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def read_text(path: Path, source: str | None = None) -> str:
    """The text of a plan-like file, or a one-line error saying what is wrong with it."""
    source = source or str(path)

    def refuse(message: str, line: int | None = None):
        return ValidationError([Problem(source, message, line=line)])

    try:
        data = infile.read_bytes(path, MAX_BYTES)
    except infile.Unreadable as exc:
        raise refuse(exc.say(missing="file not found; check the name and folder",
                             folder="is a folder, not a file; name the .yaml file inside it",
                             special="is not a regular file; name a .yaml file",
                             too_big="is {size:,} bytes; a plan or layout is a short text file")) from None
    return decode_text(data, source)


def decode_text(data: bytes, source: str) -> str:
    """The text of a plan-like file's bytes (read from disk, or uploaded), or a one-line error."""

    def refuse(message: str, line: int | None = None):
        return ValidationError([Problem(source, message, line=line)])

    if len(data) > MAX_BYTES:
        raise refuse(f"is {len(data):,} bytes; a plan or layout is a short text file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_mark(data):
        raise refuse("is UTF-16 text; save it as UTF-8")
    if b"\0" in data:
        raise refuse("is a binary file, not a YAML text file; name the .yaml plan")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse("is not UTF-8 text; save it as UTF-8", line=data[: exc.start].count(b"\n") + 1) from None


def _utf16_without_mark(data: bytes) -> bool:
    """Text saved as UTF-16 with no byte order mark: plain letters leave every other byte zero."""
    if len(data) < 4 or len(data) % 2:
        return False
    even, odd = data[0::2], data[1::2]
    # Nearly all zeros on one side (the high bytes of Latin letters), none on the other.
    return any(high.count(0) >= 0.9 * len(high) and low.count(0) == 0 for high, low in ((even, odd), (odd, even)))


def _expansion_problem(root) -> str | None:
    """Why the document is too big once every alias is written out, or None.

    Iterative and memoised per node, so a billion-laughs file costs a few
    hundred steps rather than a billion.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()  # the ancestors of the node being visited
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        if children_done:
            on_path.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), MAX_EXPANDED + 1)
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in on_path:
                return "an alias (*name) refers to the value that contains it; write the values out in full"
            stack.append((child, False))
    if sizes[id(root)] > MAX_EXPANDED:
        return f"its aliases (*name) expand to more than {MAX_EXPANDED:,} values; write the values out in full"
    return None


def _explain(exc: yaml.MarkedYAMLError):
    """PyYAML's message in plain words, and the place a person should look (not always where the parser gave up)."""
    problem, context = exc.problem or "", exc.context or ""
    here, start = exc.problem_mark or exc.context_mark, exc.context_mark or exc.problem_mark
    if "quoted scalar" in context:
        return "a quoted value that starts here is never closed; add the closing quote", start
    if "flow mapping" in context or "flow sequence" in context:
        return "a '{' or '[' that starts here is not closed, or a ',' is missing; close it on the same line", start
    if "found character '\\t'" in problem:
        return "a tab character; indent with spaces, not tabs", here
    if "scanning an alias" in context or "undefined alias" in problem:
        return "a value cannot start with '*' (YAML reads it as an alias); put the whole value in quotes", start
    if "cannot start any token" in problem:  # "found character '@' that cannot start any token"
        return f"a value cannot start with '{problem.split(chr(39))[1]}'; put the whole value in quotes", here
    if "mapping values are not allowed" in problem:
        return ("unexpected ':'; put a value that contains ': ' in quotes, and check that the line above "
                "has its 'key: value'"), here
    if "expected <block end>" in problem:
        return "this line is not lined up with the lines above it; indent it with the same number of spaces", here
    if "single document" in context:
        return "a second document after '---'; keep one plan per file", here
    return f"{problem or context or 'not valid YAML'}; check the indentation and quotes", here


def load_yaml(path: Path, *, source: str | None = None, library: bool = False):
    """Parse `path` into Located/LocatedList values; raise ValidationError if it is not YAML.

    `library` marks the bundled content library, read with the faster libyaml parser.
    """
    source = source or str(path)
    return parse_yaml(read_text(path, source), source, library=library)


def parse_yaml(text: str, source: str, *, library: bool = False):
    """`load_yaml` for text that is not in a file (a plan from the web page), with the same bounds; its size
    was bounded where it came in (`decode_text`, or the page's request limit)."""
    try:
        loader = (_FastLoader if library else _Loader)(text, source)
    except yaml.reader.ReaderError as exc:  # raised while PyYAML checks the whole text up front
        before = text[: exc.position]
        raise ValidationError([Problem(source, f"a special character (U+{exc.character:04X}) that YAML does not "
                                               "allow; delete it (most editors do not show it)",
                                       line=before.count("\n") + 1,
                                       column=exc.position - before.rfind("\n"))]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problem = _expansion_problem(node)
        if problem:
            loader.refuse(problem)
        data = loader.construct_object(node, deep=True)  # deep: every value is built inside the guard above
    except yaml.MarkedYAMLError as exc:
        what, mark = _explain(exc)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ValidationError([Problem(source, f"YAML syntax error: {what}", line=line, column=col)]) from None
    except yaml.YAMLError as exc:
        raise ValidationError([Problem(source, f"YAML syntax error: {exc}")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise ValidationError(
            [Problem(source, f"'{cut(key)}' is given twice; keep one", line=line, column=col)
             for key, (line, col) in loader.duplicates]
        )
    return data
