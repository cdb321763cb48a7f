"""A YAML reader that keeps line numbers, so that every problem in a catalogue file can be named
by file, line and field. Mappings come back as :class:`LinedDict` (``.line`` of the mapping and
``.key_lines[key]`` of each key), sequences as :class:`LinedList` (``.line`` and ``.item_lines``).
Both are ordinary ``dict``/``list`` subclasses; :func:`plain` turns them back into plain values.

A key given twice in one mapping is not silently overwritten (YAML's default): it is recorded in
``duplicate_keys`` as ``(line, key)`` for the checker to report."""

from __future__ import annotations

from typing import Any

import yaml


class LinedDict(dict):
    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LinedList(list):
    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[int, Any]] = []


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    data = LinedDict()
    data.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in data:
            loader.duplicate_keys.append((key_node.start_mark.line + 1, key))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
    return data


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    data = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    return data


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def load_lined(text: str) -> tuple[Any, list[tuple[int, Any]]]:
    """Parse YAML text; return the document (lined containers) and the keys given twice.

    Raises ``yaml.YAMLError`` (with its own line and column) when the text is not YAML."""
    loader = _Loader(text)
    try:
        document = loader.get_single_data()
        return document, loader.duplicate_keys
    finally:
        loader.dispose()


def plain(value: Any) -> Any:
    """The same data as plain dicts and lists (for JSON, YAML dumps and caching)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
