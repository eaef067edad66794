"""A photo of a filled-in log page read back: the page's code (`logcode`) says which page it is and where its
boxes are, its four corner markers where the page lies in the photo; each box is then ticked, empty or unsure.

OpenCV and zxing-cpp (the 'scan' extra) are imported here only, by `handouts scan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.check import logcode, plancode
from handouts.errors import UserError

SCALE = 2.0  # pixels a point of the page as read: a box about 20 pixels, a pen's stroke 2 or 3
SEARCH = 4.0  # points a box may lie from where the markers put it (paper not quite flat, a marker's centre)
INK = 0.22  # a pixel this much darker than the paper around it is ink (pencil included)
EMPTY_BELOW = 0.012  # share of a box's inside that is ink: under this, empty; over TICKED_ABOVE, ticked
TICKED_ABOVE = 0.06
TICKED_SIDE = 12.0  # points: a box larger than this needs proportionally less of its inside inked
BORDER_SEEN = 0.2  # a box whose printed border is fainter than this on average is not seen well enough to read
SHARP_ENOUGH = 0.13  # see _sharpness: the samples' photos measure 0.25 and more, blurred over 3 pixels 0.11
SHARP_SIZE = 1400
CODE_SIDES = (40, 100)  # points a side of a block that may be a page's code (20 and 26 mm printed)
CODE_SCALES = (8.0, 11.0)  # pixels a point a code's block is enlarged to, one after the other
RETAKE = "retake the photo flat on a table, in even light, with the whole page in view"
STEADY = "hold the phone still and let it focus, then take the photo again"


@dataclass(frozen=True)
class ReadBox:
    box: logcode.Box
    state: str  # ticked, empty, unsure
    ink: float  # the share of its inside that is ink


@dataclass(frozen=True)
class Reading:
    code: logcode.LogCode
    boxes: tuple[ReadBox, ...]
    image: object = None  # the page as read: set upright, SCALE pixels a point, grey (the page's view shows it)


def read(path: Path) -> Reading:
    """The log page in the photo at `path`; a UserError that says what to do when it cannot be read."""
    import numpy as np

    from handouts.preflight import images

    gray = np.asarray(images.for_reading(path))
    if _sharpness(gray) < SHARP_ENOUGH:
        raise UserError(f"the photo is too blurred to read; {STEADY}", file=path)
    markers = _markers(gray)
    if markers is None:
        _refuse(gray, path, f"no log page can be found in this photo (its four corner squares are not all in "
                            f"view); {RETAKE}")
    code = _code(gray, markers, path)
    upright = _upright(gray, markers, code.page, SCALE)
    dark = _darkness(upright)
    boxes = tuple(_read_box(dark, code, box) for box in code.boxes())
    return Reading(code, boxes, upright)


def _refuse(gray, path: Path, why: str):
    """Raise `why`, unless the photo is of page 1 (its plan code in view): then say it is the wrong page."""
    import zxingcpp

    if any(plancode.looks_like_code(b.text) for b in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)):
        raise UserError("this is not the log page (its code is the plan's, from page 1); photograph the page "
                        "with the tick boxes", file=path)
    raise UserError(why, file=path)


def _upright(gray, markers, page: tuple[float, float], scale: float, region=None):
    """The photo's page seen square on, `scale` pixels a point: the whole page, or `region` of it (left, top,
    width, height in points from its upper left corner)."""
    import cv2
    import numpy as np

    page_w, page_h = page
    left, top, width, height = region or (0, 0, page_w, page_h)
    wanted = np.float32([((x - left) * scale, (page_h - y - top) * scale) for x, y in logcode.markers(page)])
    matrix = cv2.getPerspectiveTransform(np.float32(markers), wanted)
    size = (round(width * scale), round(height * scale))
    return cv2.warpPerspective(gray, matrix, size, flags=cv2.INTER_CUBIC if scale > SCALE else cv2.INTER_LINEAR,
                               borderValue=255)


def _code(gray, markers, path: Path) -> logcode.LogCode:
    """The page's code: read from the photo, or else from the page set upright, where a square block of
    print as large as a code is, enlarged and evenly lit (a code a few pixels a module wide, at an angle or in
    a shadow's edge)."""
    import zxingcpp

    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    if not any(b.text.upper().startswith(logcode.TAG) for b in found):
        found += _code_enlarged(gray, markers)
    logs = {b.text for b in found if b.text.upper().startswith(logcode.TAG)}
    if not logs:
        if any(plancode.looks_like_code(b.text) for b in found):
            raise UserError("this is not the log page (its code is the plan's, from page 1); photograph the page "
                            "with the tick boxes", file=path)
        raise UserError(f"the page's small square code cannot be read; {RETAKE}", file=path)
    if len(logs) > 1:
        raise UserError("more than one log page in this photo; photograph one page at a time", file=path)
    try:
        return logcode.decode(logs.pop())
    except logcode.LogCodeError as exc:
        raise UserError(f"the page's code cannot be read: {exc}; use a page printed by this version of "
                        "handouts", file=path) from None


def _code_enlarged(gray, markers) -> list:
    """The codes read where the page, set upright, has a square block of print a code's size: each block
    set upright again at CODE_SCALES pixels a point and evenly lit."""
    import cv2
    import numpy as np
    import zxingcpp

    # the page's size is not known yet: the markers' own proportions stand in for it
    across, down = np.hypot(*np.subtract(markers[1], markers[0])), np.hypot(*np.subtract(markers[3], markers[0]))
    inset = logcode.MARKER_INSET
    nominal = (800 * across / down + 2 * inset, 800 + 2 * inset)
    ink = (_darkness(_upright(gray, markers, nominal, SCALE)) > INK).astype(np.uint8)
    ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))  # a code's modules into one block
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        x, y, w, h = (v / SCALE for v in cv2.boundingRect(contour))
        if not (CODE_SIDES[0] <= w <= CODE_SIDES[1] and CODE_SIDES[0] <= h <= CODE_SIDES[1] and 0.8 < w / h < 1.25):
            continue
        margin = 0.15 * w
        for scale in CODE_SCALES:  # a module's edges fall differently on the pixels at each
            block = _upright(gray, markers, nominal, scale, (x - margin, y - margin, w + 2 * margin, h + 2 * margin))
            even = (255 * (1 - _darkness(block))).astype(np.uint8)
            found += zxingcpp.read_barcodes(even, formats=zxingcpp.BarcodeFormat.QRCode)
            if any(b.text.upper().startswith(logcode.TAG) for b in found):
                return found
    return found


def _markers(gray) -> list[tuple[float, float]] | None:
    """The four corner markers' centres in the photo (lower left, lower right, upper right, upper left of the
    page): square rings around a dot, the outermost such in each direction; None unless four alike are found."""
    import cv2
    import numpy as np

    block = max(31, (min(gray.shape) // 25) | 1)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    least = gray.shape[0] * gray.shape[1] * 2e-5
    found = []
    for i, contour in enumerate(contours):
        child = hierarchy[0][i][2]
        if child < 0 or hierarchy[0][child][2] < 0:
            continue  # a marker is a ring (outside and hole) around a dot
        area = cv2.contourArea(contour)
        hull = cv2.convexHull(contour)
        if area < least or area < 0.8 * cv2.contourArea(hull) or \
                len(cv2.approxPolyDP(hull, 0.1 * cv2.arcLength(hull, True), True)) != 4:
            continue
        x, y, w, h = cv2.boundingRect(contour)
        found.append(((x + w / 2, y + h / 2), area))
    if len(found) < 4:
        return None
    points = np.float32([p for p, _ in found])
    s, d = points.sum(axis=1), points[:, 0] - points[:, 1]
    # y runs down the photo: the page's lower left is the most y - x, its upper right the most x - y
    picked = [int(np.argmax(-d)), int(np.argmax(s)), int(np.argmax(d)), int(np.argmin(s))]
    areas = [found[i][1] for i in picked]
    if len(set(picked)) < 4 or max(areas) > 2.5 * min(areas):  # a code's finder is far smaller than a marker
        return None
    return [tuple(map(float, points[i])) for i in picked]


def _darkness(page):
    """How much darker each pixel is than the paper around it (0 paper, 1 black): shadows and uneven light
    divided out, the paper found by closing over strokes and boxes."""
    import cv2
    import numpy as np

    small = cv2.resize(page, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    paper = cv2.resize(cv2.GaussianBlur(paper, (0, 0), 2), (page.shape[1], page.shape[0]))
    return np.clip(1 - page.astype(np.float32) / np.maximum(paper.astype(np.float32), 1), 0, 1)


def _read_box(dark, code: logcode.LogCode, box: logcode.Box) -> ReadBox:
    """One box: found near where the code puts it by its printed border, then its inside measured."""
    import cv2
    import numpy as np

    side = round(box.side * SCALE)
    # no farther than most of the way to the next box: a neighbour's ring, inked in, is not taken for its own
    reach = round(min(SEARCH, max(1.5, 0.75 * box.gap)) * SCALE)
    left = round(box.x * SCALE) - reach
    top = round((code.page[1] - box.y - box.side) * SCALE) - reach
    window = dark[max(top, 0):top + side + 2 * reach + 1, max(left, 0):left + side + 2 * reach + 1]
    ring = np.zeros((side + 1, side + 1), np.float32)
    cv2.rectangle(ring, (0, 0), (side, side), 1.0, 2)
    if window.shape[0] < ring.shape[0] or window.shape[1] < ring.shape[1]:
        return ReadBox(box, "unsure", 0.0)  # at the photo's edge
    score = cv2.matchTemplate(window, ring, cv2.TM_CCORR)
    _, best, _, (dx, dy) = cv2.minMaxLoc(score)
    border = best / ring.sum()
    inset = max(3, round(side * 0.16))
    inside = window[dy + inset:dy + side + 1 - inset, dx + inset:dx + side + 1 - inset]
    ink = float((inside > INK).mean())
    if border < BORDER_SEEN:
        return ReadBox(box, "unsure", ink)
    # a pen's stroke covers less of a larger box (large print): the share that is surely a mark shrinks with it
    ticked_above = max(2 * EMPTY_BELOW, TICKED_ABOVE * min(1.0, TICKED_SIDE / box.side))
    state = "empty" if ink < EMPTY_BELOW else "ticked" if ink > ticked_above else "unsure"
    return ReadBox(box, state, ink)


def _sharpness(gray) -> float:
    """How sharp the photo is: its steepest steps in grey from one pixel to the next (the edges of the print),
    which blur smears over several pixels; measured at SHARP_SIZE pixels across, whatever the camera's."""
    import cv2
    import numpy as np

    shrink = min(1.0, SHARP_SIZE / max(gray.shape))
    seen = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    return float(np.percentile(np.abs(np.diff(seen, axis=1)), 99.9))
