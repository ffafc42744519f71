"""Finishing WeasyPrint's tagged PDF so that a PDF/UA validator can accept it (pure:
bytes in, bytes out; pypdf only).

WeasyPrint (70) marks the text of page-margin boxes -- running header, footer, page
numbers -- with MCIDs whose structure elements hang from nothing (its own comment: they
"could be included in tree as Artifact, but that's only allowed in PDF 2.0"). Here:

* marked content whose structure element is unreachable from the structure root becomes
  an ``/Artifact`` (pagination furniture), and its ParentTree entry is removed;
* a link annotation whose structure element is unreachable is attached to the document
  element, so every link is in the structure tree;
* font subset tags are made from each subset's own bytes: WeasyPrint derives them from
  the font description only, so different subsets (three languages) shared a tag;
* ``/Lang`` on structure elements is added at rendering (see ``lang_aware_tagging``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
)

_MARKED = re.compile(rb"/([A-Za-z][\w.-]*)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _children(element: DictionaryObject) -> Iterator[Any]:
    kids = element.get("/K")
    if kids is None:
        return
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    yield from (kids if isinstance(kids, ArrayObject) else [kids])


def _reachable(root: DictionaryObject) -> set[int]:
    """idnums of the structure elements reachable from the structure tree root."""
    seen: set[int] = set()
    stack = list(_children(root))
    while stack:
        kid = stack.pop()
        if not isinstance(kid, IndirectObject) or kid.idnum in seen:
            continue
        obj = kid.get_object()
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/StructElem":
            seen.add(kid.idnum)
            stack.extend(_children(obj))
    return seen


def _artifacts(content: bytes, orphans: set[int]) -> bytes:
    def swap(match: re.Match[bytes]) -> bytes:
        return b"/Artifact BMC" if int(match.group(2)) in orphans else match.group(0)

    return _MARKED.sub(swap, content)


def _retag_fonts(writer: PdfWriter) -> None:
    done: set[int] = set()
    for page in writer.pages:
        # pypdf types objects it reads as PdfObject | None; these are dictionaries here.
        resources: Any = page.get("/Resources", {})
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            if not isinstance(ref, IndirectObject) or ref.idnum in done:
                continue
            done.add(ref.idnum)
            font: Any = ref.get_object()
            descendants = font.get("/DescendantFonts")
            cid: Any = descendants.get_object()[0].get_object() if descendants else font
            descriptor = cid.get("/FontDescriptor")
            if descriptor is None:
                continue
            descriptor = descriptor.get_object()
            file = next(
                (
                    descriptor[k]
                    for k in ("/FontFile2", "/FontFile3", "/FontFile")
                    if k in descriptor
                ),
                None,
            )
            if file is None:
                continue
            digest = hashlib.sha256(file.get_object().get_data()).digest()
            tag = "".join(chr(65 + b % 26) for b in digest[:6])
            for holder, key in ((font, "/BaseFont"), (cid, "/BaseFont"), (descriptor, "/FontName")):
                name = str(holder.get(key, ""))
                if re.match(r"^/[A-Z]{6}\+", name):
                    holder[NameObject(key)] = NameObject(f"/{tag}+{name[8:]}")


def finish_tagging(pdf: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    catalog = writer.root_object
    tree: Any = catalog.get("/StructTreeRoot")
    if tree is not None:
        tree = tree.get_object()
        reachable = _reachable(tree)
        document: Any = next(
            (k.get_object() for k in _children(tree) if isinstance(k, IndirectObject)), None
        )
        nums = tree["/ParentTree"].get_object()["/Nums"]
        page_count = len(writer.pages)
        for i in range(0, len(nums) - 1, 2):
            key, value = int(nums[i]), nums[i + 1]
            entry = value.get_object() if isinstance(value, IndirectObject) else value
            if key < page_count and isinstance(entry, ArrayObject):
                orphans = {
                    mcid
                    for mcid, ref in enumerate(entry)
                    if isinstance(ref, IndirectObject) and ref.idnum not in reachable
                }
                if not orphans:
                    continue
                page = writer.pages[key]
                contents: Any = page["/Contents"].get_object()
                streams = contents if isinstance(contents, ArrayObject) else [page["/Contents"]]
                for stream in streams:
                    obj: Any = stream.get_object()
                    obj.set_data(_artifacts(obj.get_data(), orphans))
                for mcid in orphans:
                    entry[mcid] = NullObject()
            elif (
                isinstance(value, IndirectObject)
                and value.idnum not in reachable
                and document is not None
            ):
                element: Any = value.get_object()  # an annotation's element: attach it
                element[NameObject("/P")] = next(
                    k for k in _children(tree) if isinstance(k, IndirectObject)
                )
                kids = document["/K"]
                kids.get_object().append(value)
    _retag_fonts(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@contextlib.contextmanager
def lang_aware_tagging() -> Iterator[None]:
    """While rendering: structure elements of HTML elements with a ``lang`` attribute
    carry it as ``/Lang`` (WeasyPrint only sets the document's)."""
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        lang = element.get("lang") if element is not None and tag not in ("html", "body") else None
        for built in original(box, parent, *args):
            if lang and "Lang" not in built:
                built["Lang"] = pydyf.String(lang)
            yield built

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original
