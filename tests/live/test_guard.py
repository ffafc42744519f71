"""Updates are walked before pycrdt decodes them: everything an editor really sends passes,
and what is malformed or nested deep enough to overflow the Rust decoder's stack (a
segfault that would kill the process, and every process loading the log) is refused."""

from __future__ import annotations

import pytest
from pycrdt import Array, Doc, Map, Text

from pressroom.live.guard import MAX_DEPTH, RefusedUpdate, check_update


def _updates_of(change) -> list[bytes]:  # type: ignore[no-untyped-def]
    doc = Doc()
    seen: list[bytes] = []
    doc.observe(lambda event: seen.append(event.update))
    change(doc)
    return [*seen, doc.get_update()]


def _everything(doc: Doc) -> None:
    title = doc.get("title", type=Text)
    title.insert(0, "Hello привет 😀")
    title.insert(3, "xx")
    del title[1:4]
    title.format(0, 3, {"bold": True})
    meta = doc.get("meta", type=Map)
    meta["a"] = "b"
    meta["a"] = "c"  # an overwrite: its parent is not written again
    meta["numbers"] = [1, -7, 2**40, 1.5, True, None, b"\x00\x01"]
    meta["nested"] = {"x": [{"y": ["z"] * 3}]}
    quotes = doc.get("quotes", type=Array)
    quote = Map({"speaker": "X", "text": Text("abc")})
    quotes.append(quote)
    quote["speaker"] = "Y"
    del quotes[0]


def test_what_editors_send_passes():
    for update in _updates_of(_everything):
        check_update(update)


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def test_values_nested_within_the_limit_pass_and_deeper_ones_are_refused():
    def ok(doc: Doc) -> None:
        doc.get("m", type=Map)["k"] = _nested(MAX_DEPTH - 2)

    check_update(_updates_of(ok)[-1])

    def deep(doc: Doc) -> None:
        doc.get("m", type=Map)["k"] = {"a": _nested(MAX_DEPTH + 5)}

    with pytest.raises(RefusedUpdate, match="nested too deep"):
        check_update(_updates_of(deep)[-1])


def test_an_update_nested_far_beyond_the_decoders_stack_is_refused_without_decoding():
    # 100,000 nested arrays, written by hand (lib0: 117 = array, then its length): pycrdt
    # itself would crash building or reading it.
    depth = 100_000
    update = (
        bytes([1, 1, 5, 0, 8, 1, 1])  # 1 client, 1 struct, client 5, clock 0, Any, root...
        + b"m"  # ...named "m" (a string of length 1)
        + bytes([1])  # one value
        + bytes([117, 1]) * depth
        + bytes([117, 0])
        + bytes([0])  # empty delete set
    )
    with pytest.raises(RefusedUpdate, match="nested too deep"):
        check_update(update)
    shallow = bytes([1, 1, 5, 0, 8, 1, 1]) + b"m" + bytes([1, 117, 1, 117, 0, 0])
    check_update(shallow)  # the same layout, two levels: well formed


@pytest.mark.parametrize(
    "update",
    [b"", b"\x01", b"\x01\x01\x05\x00\x1f", _updates_of(_everything)[-1] + b"\x00"],
    ids=["empty", "truncated", "unknown content", "trailing bytes"],
)
def test_malformed_updates_are_refused(update):
    with pytest.raises(RefusedUpdate):
        check_update(update)
