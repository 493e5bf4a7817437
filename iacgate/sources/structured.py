"""Bounded YAML/JSON loading with a line span for every value.

libyaml's parser (``CSafeLoader``) is fed event by event and the values are built here, not by
PyYAML's composer: the composer recurses (deep nesting crashes the C extension) and expands
aliases without limit. Building from events lets us cap depth and alias expansion, refuse
duplicate keys, keep custom tags for sources that understand them (CloudFormation), and record
where each value was written without putting metadata inside the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from iacgate.model.locations import Location
from iacgate.model.paths import AttrPath
from iacgate.sources.diagnostics import SourceError

MAX_DEPTH = 200
MAX_NODES = 2_000_000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_TEXT_TAGS = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"})
# Standard collection tags; anything else (``!!python/object/apply:…`` included) goes to the
# source's tag handler, which rejects it by default. Nothing is ever constructed from a tag.
_COLLECTION_TAGS = frozenset({"!", _MAP, _SEQ, "tag:yaml.org,2002:omap", "tag:yaml.org,2002:set"})

# A custom tag handler receives (tag, value, line) where value is the already-built scalar,
# list or dict, and returns the value to store. Raising SourceError rejects the tag.
TagHandler = Callable[[str, Any, int], Any]


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML document (or a whole JSON file): its value and the span of every path in it."""

    value: Any
    spans: dict[AttrPath, Location]
    index: int
    start_line: int
    end_line: int


def _reject_tag(tag: str, value: Any, line: int) -> Any:
    raise SourceError(f"unknown YAML tag {tag!r}", line=line)


class _Frame:
    __slots__ = ("container", "flow", "key", "key_line", "merges", "path", "start_line", "tag")

    def __init__(
        self, container: Any, path: AttrPath, start_line: int, tag: str | None, flow: bool
    ) -> None:
        self.container = container
        self.path = path
        self.start_line = start_line
        self.tag = tag
        self.flow = flow
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.merges: list[dict[str, Any]] = []


_NO_KEY = object()
_SCALAR = yaml.ScalarEvent
_ALIAS = yaml.AliasEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_END = yaml.SequenceEndEvent
_DOC_START = yaml.DocumentStartEvent
_DOC_END = yaml.DocumentEndEvent
_STREAM_END = yaml.StreamEndEvent


class _Builder:
    def __init__(self, file: str, tag_handler: TagHandler, max_depth: int, max_nodes: int) -> None:
        self.file = file
        self.tag_handler = tag_handler
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.nodes = 0
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    # -- scalars ---------------------------------------------------------------------------

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        value: str = event.value
        if tag is None or tag == "!":
            if event.implicit[0]:
                tag = self.resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]  # PyYAML is untyped
            else:
                return value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("yes", "true", "on", "y")
        if tag in (_INT, _FLOAT):
            node = yaml.ScalarNode(tag, value)
            method = (
                self.constructor.construct_yaml_int
                if tag == _INT
                else self.constructor.construct_yaml_float
            )
            try:
                return method(node)
            except (ValueError, OverflowError) as exc:
                raise SourceError(f"bad number {value!r}: {exc}", _line(event)) from exc
        if tag == _MERGE:
            return _MergeKey()
        if tag in _TEXT_TAGS:
            # timestamps and binary stay text: they are opaque strings to every source.
            return value
        return self.tag_handler(tag, value, _line(event))

    # -- documents ---------------------------------------------------------------------------

    def load(self, text: str) -> list[Document]:
        # The hot loop of every YAML/JSON source: dispatch on the exact event class, resolve
        # plain scalars through a cache, and inline the bookkeeping.
        docs: list[Document] = []
        stack: list[_Frame] = []
        anchors: dict[str, tuple[Any, int]] = {}
        spans: dict[AttrPath, Location] = {}
        root: Any = None
        doc_start = 0
        file = self.file
        max_depth = self.max_depth
        plain_cache: dict[str, Any] = {}
        # Per anchored collection: the node count when it started, to size its expansion.
        anchor_starts: dict[int, tuple[str, int]] = {}
        loader = yaml.CSafeLoader(text)
        get_event = loader.get_event
        try:
            while True:
                event: Any = get_event()
                cls = type(event)
                if cls is _SCALAR or cls is _ALIAS:
                    if cls is _ALIAS:
                        if event.anchor not in anchors:
                            raise SourceError(f"unknown alias *{event.anchor}", _line(event))
                        value, size = anchors[event.anchor]
                    else:
                        size = 1
                        if event.tag is None and event.implicit[0]:
                            raw = event.value
                            if raw in plain_cache:
                                value = plain_cache[raw]
                            else:
                                value = self.scalar(event)
                                if len(plain_cache) < 4096:
                                    plain_cache[raw] = value
                        elif event.tag is None:
                            value = event.value  # quoted or block scalar: always a string
                        else:
                            value = self.scalar(event)
                        if event.anchor:
                            anchors[event.anchor] = (value, 1)
                    self.nodes += size
                    if self.nodes > self.max_nodes:
                        self._count(0, event)
                    start_mark = event.start_mark
                    if stack:
                        frame = stack[-1]
                        container = frame.container
                        if type(container) is dict:
                            if frame.key is _NO_KEY:
                                self._set_key(frame, value, event)
                                continue
                            key = frame.key
                            frame.key = _NO_KEY
                            start = frame.key_line
                            if type(key) is _MergeKey:
                                path = (*frame.path, "<<")
                                self._merge(frame, value)
                            else:
                                path = (*frame.path, key)
                                container[key] = value
                        else:
                            start = start_mark.line + 1
                            path = (*frame.path, len(container))
                            container.append(value)
                    else:
                        start = start_mark.line + 1
                        path = ()
                        root = value
                    end_mark = event.end_mark
                    end = end_mark.line + (1 if end_mark.column else 0)
                    spans[path] = Location(
                        file, start, end if end > start else start, start_mark.column + 1
                    )
                    continue

                if cls is _MAP_START or cls is _SEQ_START:
                    if len(stack) >= max_depth:
                        raise SourceError(
                            f"document nested deeper than {max_depth} levels", _line(event)
                        )
                    self.nodes += 1
                    if stack:
                        parent = stack[-1]
                        if type(parent.container) is dict:
                            if parent.key is _NO_KEY:
                                raise SourceError(
                                    "complex mapping keys are not supported", _line(event)
                                )
                            start = parent.key_line
                            key = parent.key
                            path = (*parent.path, "<<" if type(key) is _MergeKey else key)
                        else:
                            start = event.start_mark.line + 1
                            path = (*parent.path, len(parent.container))
                    else:
                        start = event.start_mark.line + 1
                        path = ()
                    container = {} if cls is _MAP_START else []
                    frame = _Frame(container, path, start, event.tag, bool(event.flow_style))
                    if event.anchor:
                        anchor_starts[id(container)] = (event.anchor, self.nodes)
                    stack.append(frame)
                    continue

                if cls is _MAP_END or cls is _SEQ_END:
                    frame = stack.pop()
                    value = frame.container
                    if frame.flow:
                        end = _end_line(event, frame.start_line)
                    else:
                        # Block collections end where their last child ended, not at the next
                        # token (which may sit several blank or comment lines further down).
                        end = self._last_child_end(spans, frame)
                    if frame.merges:
                        for merged in frame.merges:
                            for key, item in merged.items():
                                value.setdefault(key, item)
                    spans[frame.path] = Location(file, frame.start_line, end)
                    if anchor_starts:
                        anchored = anchor_starts.pop(id(value), None)
                        if anchored is not None:
                            anchors[anchored[0]] = (value, self.nodes - anchored[1] + 1)
                    if frame.tag and frame.tag not in _COLLECTION_TAGS:
                        value = self.tag_handler(frame.tag, value, frame.start_line)
                    root = self._attach(stack, value, root)
                    continue

                if cls is _DOC_START:
                    stack, anchors, spans, root = [], {}, {}, None
                    doc_start = _line(event)
                elif cls is _DOC_END:
                    end = max(doc_start, _end_line(event, doc_start))
                    spans.setdefault((), Location(file, doc_start, end))
                    docs.append(Document(root, spans, len(docs), doc_start, end))
                elif cls is _STREAM_END or event is None:
                    break
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark is not None else 0
            column = mark.column + 1 if mark is not None else 0
            problem = getattr(exc, "problem", None) or str(exc)
            raise SourceError(f"invalid YAML: {problem}", line, column) from None
        finally:
            loader.dispose()
        return docs

    def _merge(self, frame: _Frame, value: Any) -> None:
        _Builder._merge_into(frame, value)

    @staticmethod
    def _merge_into(frame: _Frame, value: Any) -> None:
        merged = value if isinstance(value, list) else [value]
        for item in merged:
            if not isinstance(item, dict):
                raise SourceError("merge key '<<' needs a mapping or list of mappings")
            frame.merges.append(item)

    # -- helpers -----------------------------------------------------------------------------

    def _count(self, size: int, event: yaml.Event) -> None:
        self.nodes += size
        if self.nodes > self.max_nodes:
            raise SourceError(
                f"document expands to more than {self.max_nodes} values (alias bomb?)",
                _line(event),
            )

    def _set_key(self, frame: _Frame, key: Any, event: yaml.Event) -> None:
        if isinstance(key, (_MergeKey, str)):
            frame.key = key
        elif key is None or isinstance(key, bool | int | float):
            frame.key = _scalar_key(key)
        else:
            raise SourceError("mapping keys must be scalars", _line(event))
        if not isinstance(frame.key, _MergeKey) and frame.key in frame.container:
            raise SourceError(f"duplicate key {frame.key!r}", _line(event))
        frame.key_line = _line(event)

    @staticmethod
    def _attach(stack: list[_Frame], value: Any, root: Any) -> Any:
        if not stack:
            return value
        frame = stack[-1]
        if isinstance(frame.container, dict):
            key = frame.key
            frame.key = _NO_KEY
            if isinstance(key, _MergeKey):
                _Builder._merge_into(frame, value)
            else:
                frame.container[key] = value
        else:
            frame.container.append(value)
        return root

    @staticmethod
    def _last_child_end(spans: dict[AttrPath, Location], frame: _Frame) -> int:
        container = frame.container
        if not container:
            return frame.start_line
        last: str | int = (
            next(reversed(container)) if isinstance(container, dict) else len(container) - 1
        )
        child = spans.get((*frame.path, last))
        return child.end_line if child is not None else frame.start_line


class _MergeKey:
    """Marks the ``<<`` merge key while its value is being built."""


def _scalar_key(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return 0 if mark is None else int(mark.line) + 1


def _end_line(event: yaml.Event, floor: int) -> int:
    mark = event.end_mark
    if mark is None:
        return floor
    line = int(mark.line) + 1
    # A mark at column 0 sits at the start of the next line: the value ended on the line before.
    if mark.column == 0 and line > floor:
        line -= 1
    return max(line, floor)


def load_documents(
    text: str,
    file: str,
    *,
    tag_handler: TagHandler | None = None,
    json_text: bool = False,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> list[Document]:
    """Parse a YAML stream (or JSON text) into documents with spans.

    Raises ``SourceError`` with a line number for malformed, over-deep or over-large input.
    """
    if json_text:
        # JSON allows tabs as whitespace where YAML does not; a raw tab inside a JSON string is
        # invalid JSON anyway, so replacing them keeps every column and changes no value.
        text = text.replace("\t", " ")
    builder = _Builder(file, tag_handler or _reject_tag, max_depth, max_nodes)
    return builder.load(text)
