"""The duplex-safe print file, written as handouts arrive, in bounded memory.

Every handout starts on a front side: one with an odd page count is followed by
a blank page of the same size, so that the next handout never lands on the back
of the previous one's last sheet. Each handout is one bookmark.

`PrintFile` writes the PDF directly while the batch is still building: each
handout's objects are copied byte for byte (streams stay compressed) under new
numbers, so memory holds each object's file offset, never the handouts. An
object with the same bytes as one written recently (the logo, a drawing's form,
the font subsets handouts share) is written once and referred to by all.

It reads only what this program writes (reportlab's handouts, and its own print
files): a classic cross-reference table, direct stream lengths and escaped
strings. That is what makes copying without parsing every object safe, and
fast. Measured on 200 reference handouts (26.7 MB) by `benchmarks/merge_tools.py`
on a busy 2-core machine: this 4.3 ms a handout, 16 MB peak, a 3.2 MB print
file; pypdf's PdfWriter 57 ms, 142 MB (it holds the whole file until the end),
4.7 MB; pikepdf over qpdf 48 ms, 130 MB (every source stays open), 26.3 MB.

Each handout's page node records its place in the roster (`/HandoutsOrder`) and
a shard's print file says which shard it is (`/HandoutsShard [K N]`), so `join`
can put the print files of a sharded batch back into roster order, and notice a
shard that is missing or given twice.

An archival print file (PDF/A-2b) adds an XMP stream and the sRGB output intent
to the catalogue (render/archival.py); what it copies already meets PDF/A as it is.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import mmap
import os
import re
from array import array
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from handouts import __version__

_CATALOG, _PAGES, _OUTLINES, _INFO = 1, 2, 3, 4  # fixed numbers: written last, pointing at the rest
_RECENT = 4096  # objects remembered for sharing: far more than one handout has, a few MB at most
_TITLE, _PRODUCER = "Print file", f"handouts {__version__}"  # the print file's Info dictionary
ORDER_KEY = b"/HandoutsOrder"  # a private key of each handout's page node: its place in the roster
SHARD_KEY = b"/HandoutsShard"  # a private key of a shard's catalogue: [K N], the K-th of N shards
BATCH_KEY = b"/HandoutsBatch"  # and which batch: (batch.identity of its rows and plans)

# A literal string (skipped whole, so that text inside it is never taken for syntax) or a reference.
_REFERENCE = re.compile(rb"(\((?:[^\\()]|\\.)*\))|(?<![\d.+-])(\d+) 0 R(?![A-Za-z0-9])", re.DOTALL)
_DICT_END = re.compile(rb"\((?:[^\\()]|\\.)*\)|stream\r?\n|endobj", re.DOTALL)
_OBJECT = re.compile(rb"\s*(\d+) 0 obj\s*")
_PARENT = re.compile(rb"/Parent \d+ 0 R\s*")


_HINT = "; give the print files that 'handouts batch --merge' wrote"


def page_count(data: bytes) -> int:
    """How many pages a handout's PDF has."""
    pdf = _Source(data)
    return len(pdf.pages(pdf.catalog_pages()))


class NotOurs(ValueError):
    """A file this module cannot copy: not a PDF that handouts wrote."""


class PrintFile:
    """A print file being written to `handle`: `add` handouts (or `join` print files) in order, then `close`."""

    def __init__(self, handle: BinaryIO, *, shard: tuple[int, int, str] | None = None, archival: bool = False):
        self._handle = handle
        self._shard = shard  # K, N and the batch's identity
        self._archival = archival  # PDF/A-2b
        self._digest = hashlib.md5(usedforsecurity=False)  # of every byte written: the file's /ID
        self._offsets = array("q", [0] * (_INFO + 1))  # an object's number is its index; 0 is unused
        self._position = 0
        self._nodes = array("q")  # each handout's page node
        self._bookmarks: list[tuple[str, int]] = []  # (title, number of the handout's first page)
        self._recent: OrderedDict[bytes, int] = OrderedDict()  # hash of an object's bytes -> its number
        self.pages = 0
        self._emit(b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n")

    def add(self, source: Path | bytes, title: str, *, order: int, copies: int = 1) -> None:
        """Append one handout (a PDF's path or bytes) `copies` times, each padded to whole sheets."""
        pdf = _Source(source.read_bytes() if isinstance(source, Path) else source)
        pages = pdf.pages(pdf.catalog_pages())
        copier = _Copier(self, pdf)
        for _ in range(copies):
            self._add_handout(copier, pages, title, order, pad=len(pages) % 2 == 1)

    def join(self, sources: list[Path]) -> None:
        """Append the handouts of several print files: the shards of one batch in roster order, any
        others one file after another. NotOurs (naming the file) if one is not a print file, or if a
        shard is missing or given twice."""
        files = []
        try:
            pdfs = []
            for source in sources:
                with source.open("rb") as handle:
                    if not os.fstat(handle.fileno()).st_size:
                        raise NotOurs(f"{source}: an empty file, not a print file")
                    files.append(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
                try:
                    pdfs.append(_Source(files[-1], source))
                    _, nodes = pdfs[-1].kids(pdfs[-1].catalog_pages())
                    if not nodes and pdfs[-1].shard() is not None:
                        continue  # a shard with no rows: nothing to add, but it is the batch's all the same
                    if not nodes or ORDER_KEY not in pdfs[-1].object(nodes[0])[0]:
                        raise NotOurs("not a print file written by handouts batch --merge")
                except NotOurs as exc:
                    raise NotOurs(f"{source}: {exc}{_HINT}") from None
            handouts = [_handouts_of(pdf, index) for index, pdf in enumerate(pdfs)]
            if _shards_of_one_batch(pdfs):
                # Each shard is in roster order already: merging their sequences keeps that order.
                handouts = heapq.merge(*handouts)
            else:
                _refuse_twice(pdfs)
                handouts = itertools.chain(*handouts)
            for order, _, _, pdf, pages, title in handouts:
                try:
                    self._add_handout(_Copier(self, pdf), pages, title, order, pad=False)
                except NotOurs as exc:
                    raise NotOurs(f"{pdf.name}: {exc}{_HINT}") from None
        finally:
            for data in files:
                data.close()

    def _add_handout(self, copier: _Copier, pages: list[int], title: str, order: int, *, pad: bool) -> None:
        node = self._new()
        # Numbered as a print file's pages are (the blank one with the others), so that joining print
        # files gives the same bytes as writing them as one.
        numbers = [self._new() for _ in range(len(pages) + pad)]
        # A reference to one of the handout's pages (a link, an annotation's page) means this copy's.
        copier.pages = dict(zip(pages, numbers))
        parent = b"/Parent %d 0 R " % node
        for page, number in zip(pages, numbers):
            head, _ = copier.source.object(page)
            self._write(number, b"<<" + parent + copier.rewrite(_PARENT.sub(b"", head[2:].lstrip())))
        if pad:
            box = copier.source.media_box(pages[-1])
            self._write(numbers[-1], b"<<" + parent + b"/Type /Page /MediaBox " + box + b" /Resources <<>>>>")
        kids = b" ".join(b"%d 0 R" % number for number in numbers)
        self._write(node, b"<</Type /Pages /Parent %d 0 R /Kids [%s] /Count %d %s %d>>"
                    % (_PAGES, kids, len(numbers), ORDER_KEY, order))
        self._nodes.append(node)
        self._bookmarks.append((title, numbers[0]))
        self.pages += len(numbers)

    def close(self) -> None:
        """Write the page tree, the bookmarks, the catalogue and the cross-reference table."""
        kids = b" ".join(b"%d 0 R" % node for node in self._nodes)
        self._write(_PAGES, b"<</Type /Pages /Kids [%s] /Count %d>>" % (kids, self.pages))
        first = len(self._offsets)
        last = first + len(self._bookmarks) - 1
        for number, (title, page) in enumerate(self._bookmarks, first):
            links = (b" /Prev %d 0 R" % (number - 1) if number > first else b"") + \
                    (b" /Next %d 0 R" % (number + 1) if number < last else b"")
            self._write(self._new(), b"<</Title %s /Parent %d 0 R /Dest [%d 0 R /Fit]%s>>"
                        % (_text_string(title), _OUTLINES, page, links))
        outline = b"/First %d 0 R /Last %d 0 R " % (first, last) if self._bookmarks else b""
        self._write(_OUTLINES, b"<</Type /Outlines %s/Count %d>>" % (outline, len(self._bookmarks)))
        shard = b" %s [%d %d] %s (%s)" % (SHARD_KEY, *self._shard[:2], BATCH_KEY, self._shard[2].encode()) \
            if self._shard else b""
        archive = self._archive_entries() if self._archival else b""
        self._write(_CATALOG, b"<</Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines%s%s>>"
                    % (_PAGES, _OUTLINES, shard, archive))
        producer = _text_string(_PRODUCER)
        self._write(_INFO, b"<</Title (%s) /Producer %s /Creator %s>>" % (_TITLE.encode(), producer, producer))
        identity = self._digest.hexdigest().encode()
        start = self._position
        self._emit(b"xref\n0 %d\n0000000000 65535 f \n" % len(self._offsets))
        for at in range(1, len(self._offsets), 1024):
            self._emit(b"".join(b"%010d 00000 n \n" % offset for offset in self._offsets[at:at + 1024]))
        self._emit(b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
                   % (len(self._offsets), _CATALOG, _INFO, identity, identity, start))
        self._handle.flush()

    def _archive_entries(self) -> bytes:
        """The catalogue's PDF/A entries, their objects written: the XMP (saying what the Info dictionary says)
        and the sRGB output intent."""
        from handouts.render import archival

        metadata, profile = self._new(), self._new()
        self._write(metadata, _stream(b"/Type /Metadata /Subtype /XML", archival.xmp(archival.Description(
            title=_TITLE, producer=_PRODUCER, creator=_PRODUCER))))
        self._write(profile, _stream(b"/N 3", archival.srgb_profile()))
        condition = _text_string(archival.CONDITION)
        return (b" /Metadata %d 0 R /OutputIntents [<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier %s"
                b" /Info %s /RegistryName %s /DestOutputProfile %d 0 R>>]"
                % (metadata, condition, condition, _text_string(archival.REGISTRY), profile))

    # -- writing objects -----------------------------------------------------

    def _new(self) -> int:
        self._offsets.append(0)
        return len(self._offsets) - 1

    def _write(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._position
        self._emit(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _shared(self, body: bytes) -> int:
        """The number of an object with these bytes: one written recently, or a new one."""
        key = hashlib.blake2b(body, digest_size=16).digest()
        number = self._recent.get(key)
        if number is not None:
            self._recent.move_to_end(key)
            return number
        number = self._new()
        self._write(number, body)
        self._recent[key] = number
        if len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return number

    def _emit(self, data: bytes) -> None:
        self._handle.write(data)
        self._digest.update(data)
        self._position += len(data)


class _Source:
    """A PDF as reportlab or `PrintFile` writes it, read without parsing what is only copied."""

    def __init__(self, data, name: object = "PDF"):
        self.data, self.name = data, name
        tail = data[-1024:]
        found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
        if not data[:5] == b"%PDF-" or not found:
            raise NotOurs("not a complete PDF file")
        at = int(found.group(1))
        if data[at:at + 4] != b"xref":
            raise NotOurs("not a PDF written by handouts (it has no plain cross-reference table)")
        trailer = data.find(b"trailer", at)
        if trailer < 0:
            raise NotOurs("not a complete PDF file (no trailer)")
        self.offsets: dict[int, int] = {}
        lines = iter(re.finditer(rb"[^\r\n]+", data[at:trailer]))
        next(lines)  # "xref"
        for section in lines:
            start, count = map(int, section.group().split())
            for number in range(start, start + count):
                entry = next(lines).group().split()
                if entry[2] == b"n":
                    self.offsets[number] = int(entry[0])
        self.trailer = data[trailer:found.start() + len(data) - len(tail)]

    def object(self, number: int) -> tuple[bytes, bytes | None]:
        """An object's bytes up to its stream (or its end), and its stream's bytes (None: not a stream)."""
        at = self.offsets.get(number)
        head = at is not None and _OBJECT.match(self.data, at)
        if not head or int(head.group(1)) != number:
            raise NotOurs(f"object {number} is missing or damaged")
        start = head.end()
        for end in _DICT_END.finditer(self.data, start):
            word = end.group()
            if word == b"endobj":
                return self.data[start:end.start()].rstrip(), None
            if word.startswith(b"stream"):
                body = self.data[start:end.start()].rstrip()
                length = re.search(rb"/Length (\d+)(?! \d+ R)", body)
                if not length:
                    raise NotOurs(f"object {number}: a stream without a direct length")
                data = self.data[end.end():end.end() + int(length.group(1))]
                return body, data
        raise NotOurs(f"object {number} has no end")

    def reference(self, body: bytes, key: bytes) -> int:
        found = re.search(re.escape(key) + rb"\s*(\d+) 0 R", body)
        if not found:
            raise NotOurs(f"no {key.decode()} where one was expected")
        return int(found.group(1))

    def catalog(self) -> bytes:
        return self.object(self.reference(self.trailer, b"/Root"))[0]

    def catalog_pages(self) -> int:
        return self.reference(self.catalog(), b"/Pages")

    def shard(self) -> tuple[int, int] | None:
        found = re.search(re.escape(SHARD_KEY) + rb"\s*\[\s*(\d+)\s+(\d+)\s*\]", self.catalog())
        return (int(found.group(1)), int(found.group(2))) if found else None

    def batch(self) -> bytes | None:
        found = re.search(re.escape(BATCH_KEY) + rb"\s*\(([0-9a-f]+)\)", self.catalog())
        return found.group(1) if found else None

    def kids(self, node: int) -> tuple[bytes, list[int]]:
        body, _ = self.object(node)
        found = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        return body, [int(n) for n in re.findall(rb"(\d+) 0 R", found.group(1))] if found else []

    def pages(self, node: int) -> list[int]:
        """The page objects under a page tree node, in order."""
        body, kids = self.kids(node)
        if not re.search(rb"/Type\s*/Pages\b", body):
            return [node]
        return [page for kid in kids for page in self.pages(kid)]

    def media_box(self, page: int) -> bytes:
        body, _ = self.object(page)
        found = re.search(rb"/MediaBox\s*(\[[^\]]*\])", body)
        if not found:
            raise NotOurs(f"page object {page} has no page size of its own")
        return found.group(1)


class _Copier:
    """Copies what one source PDF's pages use into a print file, each object once, renumbered."""

    def __init__(self, target: PrintFile, source: _Source):
        self.target, self.source = target, source
        self.pages: dict[int, int] = {}  # the source's page objects -> this copy's numbers
        self._copied: dict[int, int] = {}  # source object number -> print file number
        self._open: dict[int, int] = {}  # objects being copied -> a number given early (0: none yet)

    def rewrite(self, body: bytes) -> bytes:
        """An object's text (not its stream) with every reference renumbered, copying what it refers to."""
        return _REFERENCE.sub(self._renumbered, body)

    def _renumbered(self, match: re.Match) -> bytes:
        if match.group(1) is not None:
            return match.group(1)  # a string: left as it is
        return b"%d 0 R" % self.reference(int(match.group(2)))

    def reference(self, source: int) -> int:
        """The print file's number for a source object, copying it (and what it refers to) first."""
        if source in self.pages:
            return self.pages[source]
        if source in self._copied:
            return self._copied[source]
        if source in self._open:  # a cycle: the object refers back to one still being copied
            if not self._open[source]:
                self._open[source] = self.target._new()
            return self._open[source]
        self._open[source] = 0
        head, stream = self.source.object(source)
        body = self.rewrite(head)
        if stream is not None:
            body = _framed(body, stream)
        early = self._open.pop(source)
        if early:  # already referred to by number: written under it, not shared
            self.target._write(early, body)
            number = early
        else:
            number = self.target._shared(body)
        self._copied[source] = number
        return number


def _stream(entries: bytes, data: bytes) -> bytes:
    """A new stream object's text: its dictionary's `entries` and its length, then its data, unfiltered."""
    return _framed(b"<<%s /Length %d>>" % (entries, len(data)), data)


def _framed(dictionary: bytes, data: bytes) -> bytes:
    # The end-of-line before endstream, not counted in the length, is what PDF/A (6.1.7.1) asks.
    return b"%s\nstream\n%s\nendstream" % (dictionary, data)


def _text_string(text: str) -> bytes:
    """Any text as a PDF string: UTF-16 with its byte order mark, in hex (nothing to escape)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _read_string(token: bytes) -> str:
    """The text of a PDF string as `_text_string` or reportlab writes it."""
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode())
    else:
        raw = re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
                     else {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1)), token[1:-1])
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


def _refuse_twice(pdfs: list[_Source]) -> None:
    """NotOurs if a print file is given twice, by the same path or as a copy (its /ID is a digest of
    every byte it holds): merged, each of its handouts would print twice."""
    seen: dict[bytes, _Source] = {}
    for pdf in pdfs:
        found = re.search(rb"/ID\s*\[\s*<([0-9a-fA-F]+)>", pdf.trailer)
        first = seen.setdefault(found.group(1), pdf) if found else pdf
        if first is not pdf:
            again = "given twice" if Path(first.name).resolve() == Path(pdf.name).resolve() \
                else f"a copy of {first.name}"
            raise NotOurs(f"{pdf.name}: {again}; give each print file once")


def _shards_of_one_batch(pdfs: list[_Source]) -> bool:
    """Whether the print files are shards of one batch, each once and none missing (NotOurs if only
    some of that holds)."""
    shards = [pdf.shard() for pdf in pdfs]
    if not any(shards):
        return False
    for pdf, shard in zip(pdfs, shards):
        if shard is None or shard[1] != shards[0][1]:
            raise NotOurs(f"{pdf.name}: not a shard of the same batch as {pdfs[0].name} "
                          f"(--shard K/{shards[0][1]}); join a batch's shards on their own")
        if pdf.batch() != pdfs[0].batch():
            raise NotOurs(f"{pdf.name}: a shard of another batch than {pdfs[0].name} (another roster, template "
                          "or plans); join the print files of one run of every shard")
        if shards.count(shard) > 1:
            raise NotOurs(f"{pdf.name}: shard {shard[0]}/{shard[1]} is given twice")
    missing = sorted(set(range(1, shards[0][1] + 1)) - {k for k, _ in shards})
    if missing:
        raise NotOurs(f"shard {', '.join(f'{k}/{shards[0][1]}' for k in missing)} missing; give every "
                      "shard's print file")
    return True


def _handouts_of(pdf: _Source, index: int) -> Iterator[tuple]:
    """(order, file index, position, source, pages, title) for each handout of a print file, in its order
    (the index and position only break ties: the copies of a handout share its order)."""
    try:
        yield from _read_handouts(pdf, index)
    except NotOurs as exc:
        raise NotOurs(f"{pdf.name}: {exc}{_HINT}") from None


def _read_handouts(pdf: _Source, index: int) -> Iterator[tuple]:
    titles = {}
    catalog = pdf.catalog()
    if b"/Outlines" in catalog:
        outlines, _ = pdf.object(pdf.reference(catalog, b"/Outlines"))
        item = re.search(rb"/First (\d+) 0 R", outlines)
        number = int(item.group(1)) if item else None
        while number is not None:
            body, _ = pdf.object(number)
            title = re.search(rb"/Title\s*(<[0-9A-Fa-f\s]*>|\((?:[^\\()]|\\.)*\))", body, re.DOTALL)
            page = re.search(rb"/Dest\s*\[\s*(\d+) 0 R", body)
            if title and page:
                titles.setdefault(int(page.group(1)), _read_string(title.group(1)))
            following = re.search(rb"/Next (\d+) 0 R", body)
            number = int(following.group(1)) if following else None
    _, nodes = pdf.kids(pdf.catalog_pages())
    for position, node in enumerate(nodes):
        body, pages = pdf.kids(node)
        order = re.search(re.escape(ORDER_KEY) + rb" (\d+)", body)
        if not order or not pages:
            raise NotOurs("not a print file written by handouts batch --merge")
        yield int(order.group(1)), index, position, pdf, pages, titles.get(pages[0], "")
