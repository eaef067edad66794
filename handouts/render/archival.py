"""PDF/A-2b, for a records archive: what an archival copy holds beyond the printed handout.

ISO 19005-2 level B asks for an XMP metadata stream that says the same as the Info dictionary and names the
PDF/A part, an output intent with an ICC profile for the colours the pages use (DeviceRGB and DeviceGray:
sRGB), every font embedded (reportlab embeds subsets of the layout's TrueType fonts, with the one cmap subtable
PDF/A asks of a symbolic font), a file ID and no encryption (reportlab writes the ID, and never encrypts here),
and an end-of-line marker before each `endstream` keyword. The pages need no change: pictures are flattened onto
white before they are placed (preflight/images.py), so there are no soft masks, and nothing is drawn with alpha.

`render` (a handout) and `write/merge.py` (a batch's print file) both take their metadata and profile from here.
"""

from __future__ import annotations

import datetime as dt
import functools
import struct
from dataclasses import dataclass
from typing import ClassVar
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import XMP, PDFArray, PDFCatalog, PDFDictionary, PDFName, PDFStream, PDFString

PART, CONFORMANCE = 2, "B"
# The registry entry of the ICC's characterisation of sRGB: what the output intent says it is.
CONDITION = "sRGB IEC61966-2.1"
REGISTRY = "http://www.color.org"
_ICC_DATE = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)  # any fixed date: see srgb_profile


@dataclass(frozen=True)
class Description:
    """What the Info dictionary says of a file, which its XMP must say too (ISO 19005-2, 6.6.2.3.1)."""

    title: str
    producer: str
    creator: str  # the program that made it (Info /Creator, xmp:CreatorTool)
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    created: dt.date | None = None  # CreationDate and ModDate, midnight UTC as the Info dictionary has it


def xmp(about: Description) -> bytes:
    """The XMP packet: the PDF/A identification and the Info dictionary's values, in UTF-8."""
    fields = [f"<pdfaid:part>{PART}</pdfaid:part>", f"<pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>",
              "<dc:format>application/pdf</dc:format>", f"<dc:title>{_alt(about.title)}</dc:title>"]
    if about.author is not None:
        fields.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(about.author)}</rdf:li></rdf:Seq></dc:creator>")
    if about.subject is not None:
        fields.append(f"<dc:description>{_alt(about.subject)}</dc:description>")
    if about.keywords is not None:
        fields.append(f"<pdf:Keywords>{escape(about.keywords)}</pdf:Keywords>")
    fields += [f"<pdf:Producer>{escape(about.producer)}</pdf:Producer>",
               f"<xmp:CreatorTool>{escape(about.creator)}</xmp:CreatorTool>"]
    if about.created is not None:
        when = f"{about.created:%Y-%m-%d}T00:00:00+00:00"
        fields += [f"<xmp:CreateDate>{when}</xmp:CreateDate>", f"<xmp:ModifyDate>{when}</xmp:ModifyDate>",
                   f"<xmp:MetadataDate>{when}</xmp:MetadataDate>"]
    body = "\n".join(f"   {field}" for field in fields)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
            ' xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
            f"{body}\n"
            "  </rdf:Description>\n"
            " </rdf:RDF>\n"
            "</x:xmpmeta>\n"
            '<?xpacket end="w"?>\n').encode()


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (version 4), made by Pillow's LittleCMS: no file to ship or license ("No copyright,
    use freely"). LittleCMS dates it with the moment it is made; a fixed date keeps the same plan's PDF the same
    bytes. The profile ID, a digest over that date, is set to zero: 'not computed', as the ICC allows."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = _ICC_DATE
    data[84:100] = bytes(16)
    return bytes(data)


# -- reportlab ---------------------------------------------------------------

class _Catalog(PDFCatalog):
    """reportlab's catalogue writes only the keys it knows; PDF/A's output intents are one more."""

    __NoDefault__: ClassVar[list[str]] = [*PDFCatalog.__NoDefault__, "OutputIntents"]


def make_archival(document, about) -> None:
    """Make reportlab's `document` (a canvas's PDFDocument) write PDF/A-2b. `about()` gives its Description when
    the file is written, from the same values as the Info dictionary."""
    document.archival = True  # read by _with_eol, for every stream of this document
    catalog = document.Catalog
    catalog.__class__ = _Catalog  # the same catalogue, reportlab's references to it kept
    catalog.Metadata = XMP(creator=lambda _: xmp(about()))  # XMP streams are written unfiltered, as PDF/A asks
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    catalog.OutputIntents = PDFArray([PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"), "OutputConditionIdentifier": PDFString(CONDITION),
        "Info": PDFString(CONDITION), "RegistryName": PDFString(REGISTRY), "DestOutputProfile": profile})])


_END = b"endstream\n"


def _with_eol(format_stream):
    """reportlab writes a compressed stream's last byte straight before `endstream`; PDF/A (6.1.7.1) wants an
    end-of-line marker between them, not counted in the stream's length. reportlab makes most streams while it
    writes the file, inside its own classes, so the one place to add it is where every stream is written; only
    a document `make_archival` marked gets it, so a plain handout keeps its bytes."""

    @functools.wraps(format_stream)
    def formatted(stream, document):
        data = format_stream(stream, document)
        if getattr(document, "archival", False) and data.endswith(_END):
            return data[:-len(_END)] + b"\n" + _END
        return data

    return formatted


PDFStream.format = _with_eol(PDFStream.format)
