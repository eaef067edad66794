"""Photographed-looking log pages and ice-and-heat charts, filled in by hand, for measuring `handouts scan`
(issue 25).

Each sample is a page that reads back (the log of pdfkit_plans/neck-spasm-log.yaml, its pain boxes too; the
phased program's logs; both in large print; the ice-and-heat charts) rendered, its boxes marked as a patient
would (pen ticks and crosses of varying stroke and size, not quite inside the box, filled boxes, pencil-grey
ticks; one pain score a day, or none), then photographed: turned up to 20 degrees either way, seen at an angle, lit unevenly, half in a
shadow, blurred and saved as JPEG at quality 70. The truth of every box comes with it.

    python tests/scan_samples.py OUT_DIR [COUNT]     # COUNT photos a page: OUT_DIR/<plan>--<layout>-<page>-NNN.jpg, OUT_DIR/truth.json
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import sys
from pathlib import Path

import cv2
import numpy as np

from handouts.check import logcode

PLANS = Path(__file__).resolve().parent.parent / "pdfkit_plans"
PLAN = PLANS / "neck-spasm-log.yaml"
TODAY = dt.date(2026, 11, 24)
# every page that reads back, of the plans and layouts the accuracy is measured on
SOURCES = [(name, layout) for name in ("neck-spasm-log", "neck-spasm-phases") for layout in ("default", "large-print")]
DPI = 190
PX = DPI / 72  # pixels a point
INK = (110, 45, 25)  # a blue ballpoint, BGR
PENCIL = (135, 135, 140)
STYLES = ("tick", "tick", "tick", "cross", "filled", "pencil")


@functools.cache
def _pdf(name: str, layout: str):
    import pypdfium2

    from handouts.check.plan import load_plan
    from handouts.run.build import pdf_bytes

    return pypdfium2.PdfDocument(pdf_bytes(load_plan(PLANS / f"{name}.yaml", today=TODAY,
                                                     overrides={"layout": layout})))


def _image(page) -> tuple[np.ndarray, logcode.LogCode | None]:
    import zxingcpp

    image = cv2.cvtColor(np.asarray(page.render(scale=PX).to_pil().convert("RGB")), cv2.COLOR_RGB2BGR)
    codes = [b.text for b in zxingcpp.read_barcodes(image) if b.text.startswith(logcode.TAG)]
    return image, logcode.decode(codes[0]) if codes else None


@functools.cache
def rendered(page_text: str = "Your two-week log", name: str = "neck-spasm-log",
             layout: str = "default") -> tuple[np.ndarray, logcode.LogCode | None]:
    """The plan's first page holding `page_text`, as a clean BGR image, and the code printed on it (if any)."""
    return _image(next(p for p in _pdf(name, layout) if page_text in p.get_textpage().get_text_range()))


@functools.cache
def readback_pages(name: str, layout: str) -> list[tuple[np.ndarray, logcode.LogCode]]:
    """Every page of the plan in `layout` that carries a code, with it."""
    return [(image, code) for image, code in map(_image, _pdf(name, layout)) if code]


def _px(code: logcode.LogCode, x: float, y: float) -> tuple[float, float]:
    return x * PX, (code.page[1] - y) * PX


def _mark(image: np.ndarray, code: logcode.LogCode, box: logcode.Box, rng: np.random.Generator) -> None:
    """A hand's mark in `box`: off centre by up to a fifth of the box, a little larger or smaller than it."""
    side = box.side * PX
    cx, cy = _px(code, box.x + box.side / 2, box.y + box.side / 2)
    cx, cy = cx + rng.uniform(-0.2, 0.2) * side, cy + rng.uniform(-0.2, 0.2) * side
    size = side * rng.uniform(0.7, 1.25)
    style = STYLES[rng.integers(len(STYLES))]
    colour = PENCIL if style == "pencil" else INK
    width = max(1, round(rng.uniform(0.35, 0.8) * 72 / 25.4 * PX * (0.6 if style == "pencil" else 1)))
    turn = rng.uniform(-0.3, 0.3)

    def at(u: float, v: float) -> tuple[int, int]:  # (u, v) in [-0.5, 0.5] of the mark, turned a little
        x, y = u * math.cos(turn) - v * math.sin(turn), u * math.sin(turn) + v * math.cos(turn)
        return round((cx + x * size) * 8), round((cy + y * size) * 8)

    def stroke(*points) -> None:
        cv2.polylines(image, [np.array([at(*p) for p in points], np.int32)], False, colour, width, cv2.LINE_AA, 3)

    if style in ("tick", "pencil"):
        stroke((-0.4, 0.0), (-0.1, 0.35), (0.45, -0.45))
    elif style == "cross":
        stroke((-0.4, -0.4), (0.4, 0.4))
        stroke((-0.4, 0.4), (0.4, -0.4))
    else:  # filled: scribbled in, back and forth
        stroke(*[(-0.42 if i % 2 else 0.42, -0.42 + i * 0.84 / 9) for i in range(10)])


def filled(rng: np.random.Generator, share: float = 0.5, page=None) -> tuple[np.ndarray, dict]:
    """The page (the log of neck-spasm-log unless given as (image, code)) with about `share` of its sessions'
    boxes marked, and a pain score on most days; the truth: (item, day, session) -> ticked."""
    clean, code = page or rendered()
    image = clean.copy()
    scores = {}  # the pain score ticked on each day, or None
    truth = {}
    for box in code.boxes():
        if code.items[box.item][0] == logcode.PAIN:
            if box.day not in scores:
                scores[box.day] = int(rng.integers(11)) if rng.random() < 0.85 else None
            ticked = scores[box.day] == box.session
        else:
            ticked = bool(rng.random() < share)
        if ticked:
            _mark(image, code, box, rng)
        truth[(box.item, box.day, box.session)] = ticked
    return image, truth


def photographed(page: np.ndarray, rng: np.random.Generator, blur: float | None = None) -> bytes:
    """`page` as a phone photo of it on a desk: a JPEG's bytes."""
    h, w = page.shape[:2]
    out_w, out_h = round(w * 1.15), round(h * 1.1)
    angle = math.radians(rng.uniform(-20, 20))
    corners = np.array([(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)])
    turned = corners @ np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
    # the page as large as the frame allows at that angle, as a patient fills the phone's screen with it
    turned *= min(out_w / np.ptp(turned[:, 0]), out_h / np.ptp(turned[:, 1])) * rng.uniform(0.88, 0.96)
    # seen at an angle: each corner a little nearer or farther
    target = turned * rng.uniform(0.93, 1.07, size=(4, 1)) + (out_w / 2, out_h / 2)
    matrix = cv2.getPerspectiveTransform(np.float32([(0, 0), (w, 0), (w, h), (0, h)]), np.float32(target))
    desk = np.full((out_h, out_w, 3), (70, 95, 120), np.float32) + rng.normal(0, 6, (out_h, out_w, 1))
    warped = cv2.warpPerspective(page.astype(np.float32), matrix, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (out_w, out_h))[..., None]
    photo = warped * mask + desk * (1 - mask)
    # uneven light: brighter to one side; a soft shadow over part of the page
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    direction = rng.uniform(0, 2 * math.pi)
    ramp = (xx * math.cos(direction) + yy * math.sin(direction)) / math.hypot(out_w, out_h)
    light = 0.95 - 0.35 * (ramp - ramp.min())
    shadow = np.zeros((out_h, out_w), np.float32)
    edge = rng.uniform(0.25, 0.6) * out_w
    cv2.fillPoly(shadow, [np.int32([(0, 0), (edge, 0), (edge * rng.uniform(0.5, 1.4), out_h), (0, out_h)])], 1.0)
    shadow = cv2.GaussianBlur(shadow, (0, 0), 25)
    light = light * (1 - rng.uniform(0.25, 0.4) * shadow)
    photo = photo * light[..., None] + rng.normal(0, 3, photo.shape)
    photo = cv2.GaussianBlur(photo, (0, 0), blur if blur is not None else rng.uniform(0.5, 1.2))
    ok, jpeg = cv2.imencode(".jpg", np.clip(photo, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    return jpeg.tobytes()


def sample(seed: int, page=None) -> tuple[bytes, dict]:
    """Sample `seed` of `page` (see filled): the photo's JPEG bytes and the truth of each box."""
    rng = np.random.default_rng(seed)
    image, truth = filled(rng, page=page)
    return photographed(image, rng), truth


def every_page() -> list[tuple[str, tuple[np.ndarray, logcode.LogCode]]]:
    """Each page that reads back of SOURCES, named plan--layout-N."""
    return [(f"{name}--{layout}-{n}", page) for name, layout in SOURCES
            for n, page in enumerate(readback_pages(name, layout), 1)]


def main(out: Path, count: int) -> None:
    """`count` photos of each page that reads back, with the truth of each box."""
    out.mkdir(parents=True, exist_ok=True)
    truths = {}
    for seed, (name, page) in enumerate((name, page) for name, page in every_page() for _ in range(count)):
        jpeg, truth = sample(seed, page)
        (out / f"{name}-{seed:03d}.jpg").write_bytes(jpeg)
        truths[f"{name}-{seed:03d}.jpg"] = {"-".join(map(str, key)): ticked for key, ticked in truth.items()}
    (out / "truth.json").write_text(json.dumps(truths, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10)
