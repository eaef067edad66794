"""The page's "Read a log page": a photo of a filled-in log page or ice-and-heat chart read back, shown as read
(each box outlined in its state, which a click corrects), and the record as corrected (CSV, JSON), built by
`scan.record` as `handouts scan` builds it.

OpenCV and zxing-cpp (the 'scan' extra) are imported only while a photo is read, inside the request.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from handouts.check import logcode
from handouts.errors import UserError

PICTURES = (".png", ".jpg", ".jpeg")
MARKS = {"ticked": "✓", "empty": "○", "unsure": "?"}  # each state's sign beside its colour, for colour-blind eyes
LETTERS = {"ticked": "t", "empty": "e", "unsure": "u"}  # the states as the record's form sends them back


def read_photo(data: bytes, name: str):
    """The photo's reading; a UserError naming the upload, never the private file it was read from."""
    from handouts.scan import reader

    suffix = Path(name).suffix.lower()
    if suffix not in PICTURES:
        raise UserError(f"{name}: the page reads a photo or scan as PNG or JPEG; save the page as one of those")
    with tempfile.TemporaryDirectory(prefix="handouts-") as folder:  # the reader takes a file: a private one
        path = Path(folder) / f"log{suffix}"
        path.write_bytes(data)
        try:
            return reader.read(path)
        except UserError as exc:
            raise UserError(exc.reason, file=name) from None


def view(reading, name: str) -> dict:
    """What the template shows: the page as read (a PNG), each box placed on it as a share of the page."""
    import cv2

    from handouts.scan import record

    code = reading.code
    width, height = code.page
    boxes = []
    for read, row in zip(reading.boxes, record.rows(reading), strict=True):
        box = read.box
        what = "pain score" if row["exercise"] == logcode.PAIN else "session"
        boxes.append({**row, "what": what, "mark": MARKS[read.state],
                      "left": 100 * box.x / width, "top": 100 * (height - box.y - box.side) / height,
                      "width": 100 * box.side / width, "height": 100 * box.side / height})
    png = cv2.imencode(".png", reading.image)[1].tobytes()
    return {"photo_name": name, "summary": record.summary_line(name, reading), "boxes": boxes, "marks": MARKS,
            "image": base64.b64encode(png).decode(), "aspect": f"{width} / {height}",
            "code": logcode.encode(code), "states": "".join(LETTERS[read.state] for read in reading.boxes)}


def corrected(code_text: str, states: str):
    """The reading the form sends back: its page's code and each box's state, as corrected by hand."""
    from handouts.scan.reader import ReadBox, Reading

    try:
        code = logcode.decode(code_text)
    except logcode.LogCodeError as exc:
        raise UserError(f"the record cannot be made: {exc}") from None
    boxes = code.boxes()
    named = {letter: state for state, letter in LETTERS.items()}
    if len(states) != len(boxes) or set(states) - set(named):
        raise UserError("the record cannot be made: the boxes' states do not match the page; read the photo again")
    return Reading(code, tuple(ReadBox(box, named[letter], 0.0) for box, letter in zip(boxes, states, strict=True)))
