"""The tagged PDF as a PDF/UA validator would look at it, as far as a pypdf walk can
check (issue #15). Checked here: every marked-content sequence on a page is either an
artifact or belongs to a structure element reachable from the structure tree root (so
the running header, footer and page numbers are artifacts); every link annotation has a
structure element reachable from the root; foreign-language text carries /Lang;
CreationDate/ModDate are set; XMP dc:creator lists each organization; font subset tags
differ when the subsets differ. Not checked: reading order, alternative texts of
figures beyond presence, colour contrast and the many rules only a validator such as
veraPDF or PAC applies."""

from __future__ import annotations

import dataclasses
import io
import re

import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from pressroom.demo import demo_document
from tests.rendering.demo_pdfs import demo_pdf, pdf_for

MARKED = re.compile(rb"/([A-Za-z]\w*)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def walk(reader: pypdf.PdfReader) -> dict[int, DictionaryObject]:
    """Structure elements reachable from the root, by object number."""
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    found: dict[int, DictionaryObject] = {}
    stack = [tree.get("/K")]
    while stack:
        kids = stack.pop()
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, IndirectObject) and kid.idnum not in found:
                obj = kid.get_object()
                if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/StructElem":
                    found[kid.idnum] = obj
                    if "/K" in obj:
                        stack.append(obj["/K"])
    return found


def parent_tree(reader: pypdf.PdfReader) -> dict[int, object]:
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


@pytest.fixture(scope="module", params=["en", "ru", "fr"])
def reader(request: pytest.FixtureRequest) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(demo_pdf(request.param)[1]))


def test_every_marked_content_is_tagged_or_an_artifact(reader) -> None:  # type: ignore[no-untyped-def]
    reachable = walk(reader)
    tree = parent_tree(reader)
    for number, page in enumerate(reader.pages):
        data = page.get_contents().get_data()
        mcids = [int(m.group(2)) for m in MARKED.finditer(data)]
        assert mcids, "no tagged content on the page"
        refs = tree[number].get_object()
        for mcid in mcids:
            assert isinstance(refs[mcid], IndirectObject), mcid
            assert refs[mcid].idnum in reachable, f"page {number + 1}: MCID {mcid} is orphan"
        artifacts = data.count(b"/Artifact BMC")
        assert artifacts >= 3  # at least header or footer, page number, verification line


def test_every_link_is_in_the_structure_tree(reader) -> None:  # type: ignore[no-untyped-def]
    reachable = walk(reader)
    tree = parent_tree(reader)
    links = 0
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            links += 1
            element = tree[int(annot["/StructParent"])]
            assert element.idnum in reachable
            assert element.get_object()["/S"] == "/Link"
    assert links >= 5  # tel:, mailto:, further information, verification


def test_no_caption_in_a_nonstruct_and_document_metadata(reader) -> None:  # type: ignore[no-untyped-def]
    elements = walk(reader).values()
    assert "/Caption" not in {str(e["/S"]) for e in elements}
    info = reader.metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20070819"
    assert reader.xmp_metadata.dc_creator == [
        lh.short_name for lh in demo_document(str(reader.trailer["/Root"]["/Lang"])).letterheads
    ]
    assert reader.pdf_header == "%PDF-1.7"


def test_foreign_language_text_carries_lang() -> None:
    """A speaker's name left in the source's form in the Russian document is English."""
    doc = demo_document("ru")
    quotes = (
        dataclasses.replace(doc.quotes[0], speaker="Senator Consiglio Di Nino", speaker_lang="en"),
        *doc.quotes[1:],
    )
    block = dataclasses.replace(doc, quotes=quotes, quote_style="block")
    reader = pypdf.PdfReader(io.BytesIO(pdf_for(block)))
    langs = {str(e.get("/Lang")) for e in walk(reader).values() if "/Lang" in e}
    assert langs == {"en"}
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_subset_tags_differ_with_the_subsets() -> None:
    def fonts(lang: str) -> dict[str, str]:
        reader = pypdf.PdfReader(io.BytesIO(demo_pdf(lang)[1]))
        names = {
            str(f.get_object()["/BaseFont"])
            for p in reader.pages
            for f in p["/Resources"]["/Font"].values()
        }
        return {name.split("+", 1)[1]: name.split("+", 1)[0] for name in names}

    en, ru, fr = fonts("en"), fonts("ru"), fonts("fr")
    for family in en.keys() & ru.keys() & fr.keys():
        assert len({en[family], ru[family], fr[family]}) == 3, family
