"""Vector pictures (exercise drawings, QR codes) turned into PDF operators once and replayed.

Turning a picture into PDF operators costs milliseconds, and a batch prints
the same few pictures hundreds of times. A picture made only of paths and
colours has operators that stand alone, so each is made once per process and
replayed into every document.

Exercise drawings are written with `PathWriter`; a QR code is encoded by reportlab's
encoder and written as a rectangle per run of dark modules (`qr_code`).
"""

from __future__ import annotations

import hashlib
import itertools
import zlib
from functools import lru_cache

from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import Flowable


class VectorPicture(Flowable):
    """A picture replayed from its PDF operators, exactly `box` (width, height) points.

    It is drawn as a form XObject: stored once in a handout however often it is used, and
    compressed once per process rather than once per handout. The form has no resources of its
    own (no fonts, no images), so a drawing's form is the same bytes in every handout, and the
    batch print file stores it once for all of them.
    """

    def __init__(self, operators: str, box: tuple[float, float], compressed: bytes | None = None):
        """`compressed`: the operators as `compressed()` gives them, when kept from an earlier process."""
        super().__init__()
        self.operators, self.box = operators, box
        data = operators.encode("latin-1")
        # Named by content, so a picture has the same name in every process and every run.
        self.name = "v" + hashlib.blake2b(data, digest_size=8).hexdigest()
        self._compressed = compressed if compressed is not None else zlib.compress(data)

    def compressed(self) -> bytes:
        return self._compressed

    def wrap(self, avail_width, avail_height):
        return self.box

    def draw(self):
        canvas = self.canv
        if not canvas.hasForm(self.name):
            width, height = self.box
            # The bounding box clips a form; pictures drawn inline never were, so it is generous: a
            # stroke's round end past the box edge still prints as before.
            canvas.beginForm(self.name, -width, -height, 2 * width, 2 * height)
            canvas.endForm(Contents=self._stream(), Resources=_no_resources())
        canvas.doForm(self.name)

    def _stream(self):
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream

        # A Filter already in the dictionary tells reportlab the content is encoded: it is used as is.
        return PDFStream(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}), self._compressed)


def _no_resources():
    """What a form of paths and colours needs: no fonts (reportlab's default would name the handout's
    own, and tie the form to it), no images."""
    from reportlab.pdfbase.pdfdoc import PDFResourceDictionary

    resources = PDFResourceDictionary()
    resources.basicProcs()
    return resources


def path_code(ops, scale: float = 1.0, dx: float = 0.0, dy: float = 0.0) -> str:
    """A path's construction operators: `ops` are ("M", p) ("L", p) ("C", p1, p2, p3) ("Z",),
    and each point (x, y) is placed at (dx + scale * x, dy + scale * y)."""
    code = ["n"]
    for op in ops:
        kind = op[0]
        if kind == "C":
            (x1, y1), (x2, y2), (x3, y3) = op[1], op[2], op[3]
            code.append(fp_str(dx + scale * x1, dy + scale * y1, dx + scale * x2, dy + scale * y2,
                               dx + scale * x3, dy + scale * y3) + " c")
        elif kind == "Z":
            code.append("h")
        else:
            x, y = op[1]
            code.append(fp_str(dx + scale * x, dy + scale * y) + (" m" if kind == "M" else " l"))
    return " ".join(code)


def _rgb(colour) -> str:
    return fp_str(colour.red, colour.green, colour.blue)


class PathWriter:
    """The PDF operators of a picture made of paths, written directly: reportlab shapes
    validate every attribute they are given, and building them cost more than the geometry.

    The form is renderPDF's for a Drawing of Paths (each path in its own q/Q with its whole
    line state), so a drawing's operators are the same bytes either way.
    """

    # renderPDF's frame around a Drawing: its default graphics state, then the Drawing's group.
    _OPEN = "q\n1 0 0 1 0 0 cm\n0 0 0 RG\n1 w\n0 J\n0 j\n[] 0 d\n0 0 0 rg\nq\n1 0 0 1 0 0 cm"
    _CLOSE = "Q\nQ"

    def __init__(self):
        self._out = [self._OPEN]

    def begin_group(self):
        """Until `end_group`: a clip set in between stops there."""
        self._out.append("q\n1 0 0 1 0 0 cm")

    def end_group(self):
        self._out.append("Q")

    def clip(self, code: str, *, nonzero: bool = False, round_ends: bool = False):
        """Clip the rest of the group to a path. A clip path has a line state like any path;
        nothing strokes it, but it is written, as renderPDF does."""
        ends = "1" if round_ends else "0"
        self._out.append(f"1 w\n{ends} J\n{ends} j\n[] 0 d\n{code} {'W' if nonzero else 'W*'} n")

    def path(self, code: str, *, stroke=None, fill=None, width: float = 1, cap: int = 1, join: int = 1,
             dash: tuple[float, float] | None = None):
        """Stroke (colour `stroke`, `width` wide, dashed `dash` = (on, off) if given) and/or fill
        (non-zero winding) a path from `path_code`."""
        out = self._out
        out.append("q")
        if fill is not None:
            out.append(_rgb(fill) + " rg")
        if stroke is not None:
            out.append(_rgb(stroke) + " RG")
        pattern = f"[{fp_str(*dash)}] 0 d" if dash else "[] 0 d"
        out.append(f"{fp_str(width)} w\n{cap} J\n{join} j\n{pattern}\n{code}")
        out.append("f" if stroke is None else "S" if fill is None else "B")
        out.append("Q")

    def text(self) -> str:
        return "\n".join(self._out) + "\n" + self._CLOSE


QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks


@lru_cache(maxsize=256)
def qr_code(url: str, size: float, level: str = "M") -> VectorPicture:
    """A `size`-point square QR code for `url`, its quiet zone included (reportlab's own encoder; medium error
    correction for print, unless `level` says otherwise). Drawn as one path of a rectangle per run of dark
    modules: reportlab's barcode widget would import every barcode kind and its drawing renderer to say the
    same in four times the bytes."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(url)
    qr.make()
    module = size / (qr.getModuleCount() + 2 * QUIET_ZONE)
    runs = []
    for row_number, row in enumerate(qr.modules):
        column = 0
        for dark, run in itertools.groupby(map(bool, row)):
            length = len(list(run))
            if dark:
                runs.append(fp_str((column + QUIET_ZONE) * module, size - (row_number + QUIET_ZONE + 1) * module,
                                   length * module, module) + " re")
            column += length
    return VectorPicture("q\n0 0 0 rg\n" + "\n".join(runs) + "\nf\nQ", (size, size))
