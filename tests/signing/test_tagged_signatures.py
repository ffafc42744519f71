"""Issue #18: "The PDF/UA tagging survives signing", the signature fields included. Each
signature's widget annotation (invisible, on page 1) is nested in a Form structure element
by an object reference, carries /StructParent (the parent tree points back) and its field a
/TU description (PDF/UA-1 7.18.1, 7.18.4; Matterhorn 28-010); the page keeps /Tabs /S. The
rest of the structure tree is the unsigned PDF's, and every signature still validates with
nothing but form filling after it (pyHanko's difference analysis)."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
from pyhanko.sign.validation.status import ModificationLevel

from pressroom.queries import bundles as bundle_queries
from pressroom.services import storage
from tests.signing.conftest import pdf_bytes, pyhanko_statuses


def _unsigned(release, lang: str) -> bytes:  # type: ignore[no-untyped-def]
    bundle = bundle_queries.get(release.statement, release.bundle_hash)
    file = next(f for f in bundle.files if f.lang == lang and f.kind.value == "pdf")
    return storage.read_bytes(file.sha256, "pdf")


def _parent_tree(node: Any) -> dict[int, Any]:
    """A number tree's keys and values, however deep."""
    found: dict[int, Any] = {}
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            found[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        found.update(_parent_tree(kid))
    return found


def _elements(node: Any, depth: int = 0) -> list[Any]:
    """Every structure element under a node, depth first."""
    kids = node.get("/K")
    if kids is None or depth > 60:
        return []
    out = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
            out.append(kid)
            out.extend(_elements(kid, depth + 1))
    return out


def _shape(node: Any, skip: set[tuple[int, int]], depth: int = 0) -> list[str]:
    """The tree as a list of types and content references, leaving out `skip`."""
    kids = node.get("/K")
    if kids is None or depth > 60:
        return []
    out = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            if kid.is_indirect and kid.objgen in skip:
                continue
            if kid.get("/Type") == "/OBJR":
                out.append(f"OBJR {kid.Obj.get('/Subtype')}")
                continue
            if kid.get("/Type") == "/MCR":
                out.append(f"MCR {int(kid.MCID)}")
                continue
            out.append(f"{kid.get('/S')}(")
            out.extend(_shape(kid, skip, depth + 1))
            out.append(")")
        else:
            out.append(f"MCID {int(kid)}")
    return out


def _ref(value: Any) -> Any:
    return value.objgen if isinstance(value, pikepdf.Object) else value


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_signature_widget_is_in_the_structure_tree(published, lang) -> None:  # type: ignore[no-untyped-def]
    signed = pikepdf.open(io.BytesIO(pdf_bytes(published, lang)))
    tree = signed.Root.StructTreeRoot
    parents = _parent_tree(tree.ParentTree)
    elements = {e.objgen: e for e in _elements(tree)}
    fields = [f for f in signed.Root.AcroForm.Fields if f.get("/FT") == "/Sig"]
    assert [str(f.T) for f in fields] == ["Approval-odihr", "Approval-osce-pa", "Approval-pace"]
    forms = set()
    for field in fields:
        assert "/V" in field  # signed
        widgets = list(field.Kids) if "/Kids" in field else [field]
        for widget in widgets:
            assert widget.Subtype == "/Widget"
            # Invisible: a zero rectangle, printed flag as pyHanko sets it.
            assert [float(x) for x in widget.Rect] == [0, 0, 0, 0]
            # The widget names its structure element, which nests it by an OBJR.
            element = parents[int(widget.StructParent)]
            assert element.S == "/Form" and element.objgen in elements
            objr = element.K
            assert objr.Type == "/OBJR" and objr.Obj.objgen == widget.objgen
            assert objr.Pg.objgen == widget.P.objgen
            forms.add(element.objgen)
            assert widget.P.Tabs == "/S"
            assert widget.P.objgen in {p.objgen for p in signed.pages}
        # An accessible name: the organization and who approved.
        assert str(field.TU).startswith("Digital signature: Approved by Head ")
    assert len(forms) == 3
    # The parent tree's next key is past every key used.
    assert int(tree.ParentTreeNextKey) > max(parents)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_rest_of_the_tree_is_the_unsigned_one(published, lang) -> None:  # type: ignore[no-untyped-def]
    unsigned = pikepdf.open(io.BytesIO(_unsigned(published, lang)))
    signed = pikepdf.open(io.BytesIO(pdf_bytes(published, lang)))
    forms = {e.objgen for e in _elements(signed.Root.StructTreeRoot) if e.S == "/Form"}
    assert len(forms) == 3
    assert _shape(signed.Root.StructTreeRoot, forms) == _shape(unsigned.Root.StructTreeRoot, set())
    before = _parent_tree(unsigned.Root.StructTreeRoot.ParentTree)
    after = _parent_tree(signed.Root.StructTreeRoot.ParentTree)
    assert set(after) - set(before) and set(before) <= set(after)
    for key, value in before.items():
        if isinstance(value, pikepdf.Array):
            assert [_ref(v) for v in after[key]] == [_ref(v) for v in value]
        else:
            assert after[key].objgen == value.objgen
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
        assert repr(signed.Root[key]) == repr(unsigned.Root[key])
    # pyHanko rewrites the XMP metadata (producer, modification date): the PDF/UA
    # identification and the title stay.
    with signed.open_metadata() as meta, unsigned.open_metadata() as before_meta:
        assert meta["pdfuaid:part"] == before_meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == before_meta["dc:title"]


def test_the_tagging_revision_comes_before_every_signature(published, authority) -> None:  # type: ignore[no-untyped-def]
    """The fields and their tags are added in one incremental update before the first
    signature: each signature covers them, and after each signature only the next
    signatures' form filling follows, which the difference analysis allows."""
    data = pdf_bytes(published, "ru")
    unsigned = _unsigned(published, "ru")
    assert data.startswith(unsigned)
    statuses = pyhanko_statuses(data, authority["root"].certificate)
    assert len(statuses) == 3
    for status in statuses:
        assert status.bottom_line and status.docmdp_ok
        assert status.modification_level in (ModificationLevel.NONE, ModificationLevel.FORM_FILLING)
    assert statuses[-1].modification_level == ModificationLevel.NONE
    # The first signature's byte range starts at 0 and ends past the unsigned file and the
    # tagging revision: four revisions after the rendered document's one.
    assert data.count(b"%%EOF") - unsigned.count(b"%%EOF") == 4
