"""Read a YAML file safely, remembering where every key and item came from.

Mappings come back as `Located` dicts and sequences as `LocatedList`s, each
holding the line and column (1-based) of its entries, so that validation can
point at `plan.yaml:14:5`. Dates stay text (they are checked later, so that
`2026-02-30` is a clear message rather than a crash), and aliases are capped
so that a "billion laughs" file is refused at once.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from handouts.errors import Problem, ValidationError

MAX_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_NODES = 50_000


class Located(dict):
    """A mapping that knows the position of each key and its raw scalar text."""

    positions: dict
    raw: dict
    start: tuple[int, int]


class LocatedList(list):
    """A sequence that knows the position of each item."""

    positions: list
    start: tuple[int, int]


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Loader(yaml.SafeLoader):
    """A SafeLoader that records positions and refuses oversized documents."""

    def __init__(self, stream):
        super().__init__(stream)
        self.aliases = 0
        self.nodes = 0
        self.duplicates: list[tuple[str, tuple[int, int]]] = []

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (&/*); write the plan out in full")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise yaml.YAMLError(f"more than {MAX_NODES} values; this is not a plan")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        result = Located()
        result.positions, result.raw, result.start = {}, {}, _mark(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in result:
                self.duplicates.append((str(key), _mark(key_node)))
            result[key] = self.construct_object(value_node, deep=True)
            result.positions[key] = _mark(value_node)
            if isinstance(value_node, yaml.ScalarNode):
                result.raw[key] = value_node.value
        return result

    def construct_sequence(self, node, deep=False):
        result = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        result.positions = [_mark(child) for child in node.value]
        result.start = _mark(node)
        return result


def _located_mapping(loader, node):
    return loader.construct_mapping(node)


def _located_sequence(loader, node):
    return loader.construct_sequence(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _located_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _located_sequence)
# Dates are validated by the plan checker, not by PyYAML (which crashes on 2026-02-30).
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def read_text(path: Path) -> str:
    """The text of a plan-like file, or a one-line error saying what is wrong with it."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ValidationError([Problem(str(path), "is a folder, not a file")])
        if size > MAX_BYTES:
            raise ValidationError([Problem(str(path), f"is {size:,} bytes; a plan is a short text file")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError([Problem(str(path), "file not found; check the name and folder")]) from None
    except OSError as exc:
        raise ValidationError([Problem(str(path), f"cannot be read ({exc.strerror})")]) from None
    if b"\0" in data:
        raise ValidationError([Problem(str(path), "is a binary file, not a YAML text file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            [Problem(str(path), "is not UTF-8 text; save it as UTF-8", line=line)]
        ) from None


def load_yaml(path: Path, *, source: str | None = None):
    """Parse `path` into Located/LocatedList values; raise ValidationError if it is not YAML."""
    source = source or str(path)
    text = read_text(path)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ValidationError(
            [Problem(source, f"YAML syntax error: {what}; check indentation and quotes", line=line, column=col)]
        ) from None
    except yaml.YAMLError as exc:
        raise ValidationError([Problem(source, f"not accepted: {exc}")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise ValidationError(
            [Problem(source, f"'{key}' is given twice; keep one", line=line, column=col)
             for key, (line, col) in loader.duplicates]
        )
    return data
