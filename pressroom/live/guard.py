"""A bounded look at a client's Yjs update (v1 encoding) before pycrdt sees it.

pycrdt's decoder recurses once per nesting level of `Any` content (and of JSON text), in
Rust: an update holding a list nested 100,000 deep overflows the stack and kills the
process (a segfault, not an exception), and once stored it would kill every process that
loads the log. So each update is walked here first, iteratively, and refused when it is
malformed or nests deeper than MAX_DEPTH. The layout follows Yjs' encoding (structs per
client, then the delete set)."""

from __future__ import annotations

MAX_DEPTH = 64


class RefusedUpdate(ValueError):
    pass


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise RefusedUpdate("truncated update")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uint(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 63:
                raise RefusedUpdate("number too long")

    def skip_varint(self) -> None:
        for _ in range(10):
            if self.byte() < 0x80:
                return
        raise RefusedUpdate("number too long")

    def skip(self, n: int) -> None:
        if n < 0 or self.pos + n > len(self.data):
            raise RefusedUpdate("truncated update")
        self.pos += n

    def string(self) -> str:
        n = self.uint()
        start = self.pos
        self.skip(n)
        return self.data[start : self.pos].decode("utf-8", errors="replace")


def _json_depth(text: str) -> int:
    """How deep brackets nest in JSON text (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _check_json(text: str) -> None:
    if _json_depth(text) > MAX_DEPTH:
        raise RefusedUpdate("JSON nested too deep")


def _skip_any(reader: _Reader) -> None:
    """One lib0 `Any`, walked with an explicit stack (never recursion). A level is
    [values left, whether each value is preceded by its key (an object)]."""
    stack: list[list[int]] = [[1, 0]]
    while stack:
        level = stack[-1]
        if level[0] == 0:
            stack.pop()
            continue
        level[0] -= 1
        if level[1]:
            reader.string()  # the key of an object's entry
        tag = reader.byte()
        if tag in (127, 126, 121, 120):  # undefined, null, false, true
            continue
        if tag == 125:  # integer
            reader.skip_varint()
        elif tag == 124:  # float32
            reader.skip(4)
        elif tag in (123, 122):  # float64, bigint
            reader.skip(8)
        elif tag == 119:  # string
            reader.string()
        elif tag == 116:  # bytes
            reader.skip(reader.uint())
        elif tag in (118, 117):  # object, array
            if len(stack) >= MAX_DEPTH:
                raise RefusedUpdate("value nested too deep")
            stack.append([reader.uint(), 1 if tag == 118 else 0])
        else:
            raise RefusedUpdate(f"unknown value type {tag}")


def _skip_content(reader: _Reader, ref: int) -> None:
    if ref == 1:  # deleted
        reader.uint()
    elif ref == 2:  # JSON (old Yjs): strings
        for _ in range(reader.uint()):
            _check_json(reader.string())
    elif ref == 3:  # binary
        reader.skip(reader.uint())
    elif ref == 4:  # string
        reader.string()
    elif ref == 5:  # embed
        _check_json(reader.string())
    elif ref == 6:  # format: key, value
        reader.string()
        _check_json(reader.string())
    elif ref == 7:  # a shared type
        type_ref = reader.uint()
        if type_ref in (3, 5):  # XmlElement, XmlHook: their name
            reader.string()
    elif ref == 8:  # values
        for _ in range(reader.uint()):
            _skip_any(reader)
    elif ref == 9:  # a subdocument: guid, options
        reader.string()
        _skip_any(reader)
    else:
        raise RefusedUpdate(f"unknown content type {ref}")


def check_update(update: bytes) -> None:
    """RefusedUpdate unless `update` is a well-formed Yjs v1 update with no value nested
    deeper than MAX_DEPTH."""
    reader = _Reader(update)
    for _ in range(reader.uint()):  # clients
        structs = reader.uint()
        reader.uint()  # client id
        reader.uint()  # clock
        for _ in range(structs):
            info = reader.byte()
            ref = info & 0x1F
            if ref in (0, 10):  # GC, skip
                reader.uint()
                continue
            if info & 0x80:  # origin
                reader.uint()
                reader.uint()
            if info & 0x40:  # right origin
                reader.uint()
                reader.uint()
            if not info & 0xC0:  # the parent is written
                if reader.uint() == 1:
                    reader.string()  # a root type's name
                else:
                    reader.uint()
                    reader.uint()
                if info & 0x20:  # the key in a map
                    reader.string()
            _skip_content(reader, ref)
    for _ in range(reader.uint()):  # the delete set
        reader.uint()
        for _ in range(reader.uint()):
            reader.uint()
            reader.uint()
    if reader.pos != len(update):
        raise RefusedUpdate("trailing bytes")
