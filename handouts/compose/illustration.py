"""An exercise's picture: the clinic's photo if it names one, else its drawing, else nothing."""

from __future__ import annotations

import hashlib
import zlib
from functools import cache, lru_cache
from pathlib import Path

import reportlab
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from handouts.check.model import Layout, PlannedExercise
from handouts.compose import drawings
from handouts.load import disk_cache, yamlsource
from handouts.load.resources import data_dir
from handouts.preflight import images
from handouts.render import fonts, styles, vector
from handouts.render.flowables import Picture
from handouts.render.styles import Styles
from handouts.render.vector import VectorPicture


def picture_for(item: PlannedExercise, layout: Layout, st: Styles, box: tuple[float, float], *, labelled: bool = True):
    """A flowable exactly `box` (width, height) points, or None: a card without a picture has no empty slot.
    A drawing of two poses says "Start" and "End" under them unless `labelled` is False (a small picture on the
    fridge sheet or the contact sheet, whose words would be too small to read)."""
    if item.image is not None:
        reader, shown = images.prepare(item.image, box[0], box[1], layout.mono)
        return Picture(reader, shown, box)
    spec_path = drawings.drawing_path(data_dir("images"), item.exercise.id)
    if spec_path is None:
        return None
    accent = st.color["accent"].hexval()
    labels = item.exercise.pose_labels if labelled else ()
    size = min(st["small"].fontSize, LABEL_MOST * box[1])
    spots = _label_spots(spec_path, spec_path.stat().st_mtime_ns, box, size * LABEL_ROOM, layout.mono) if labels else ()
    if not spots:
        return _drawing(spec_path, spec_path.stat().st_mtime_ns, box, accent, layout.mono)
    drawing = _drawing(spec_path, spec_path.stat().st_mtime_ns, box, accent, layout.mono, size * LABEL_ROOM)
    return Labelled(drawing, list(zip(spots, labels)), f"{st.family}-regular", size, st.color["muted"])


#: The words under the start and end poses: the layout's small print, at most this share of the picture's height
#: (a small picture on the fridge sheet), in a band at the foot of each panel this many times their size.
LABEL_MOST, LABEL_ROOM = 0.09, 1.8


@lru_cache(maxsize=512)
def _label_spots(spec_path: Path, mtime_ns: int, box: tuple[float, float], room: float, mono: bool):
    return _posed(spec_path, "spots", f"{box} {room} {mono}", _are_spots,
                  lambda: tuple(map(tuple, drawings.label_spots(drawings.load_spec(spec_path), box[0], box[1], room,
                                                                 mono=mono))))


def _are_spots(kept) -> bool:
    return isinstance(kept, tuple) and all(isinstance(spot, tuple) and len(spot) == 2 for spot in kept)


def _posed(spec_path: Path, what: str, key: str, valid, work):
    """What `work()` finds by posing the figures of the drawing `spec_path` (where the words under its poses go,
    how wide a line picture is), kept in the user's cache folder beside the drawing for the next process: posing
    is most of what a cold build would do itself. `valid` tells a kept value of the right shape."""
    cache = disk_cache.entry("drawings", f"{spec_path.stem}.{what}", f"{_spec_digest(spec_path)} {key} {_drawing_code()}")
    kept = disk_cache.load(cache)
    if valid(kept):
        return kept
    found = work()
    disk_cache.store(cache, found, keep=512)
    return found


def _spec_digest(spec_path: Path) -> str:
    """The spec's words, digested: read even when what is made of it is kept, as `--watch` watches the files a
    build reads."""
    return hashlib.blake2b(yamlsource.read_text(spec_path).encode(), digest_size=12).hexdigest()


class Labelled(Flowable):
    """A drawing with a word under each of its poses ("Start", "End"), inside the drawing's box, so a card's
    layout does not change. The words are the handout's own text in its font, drawn over the drawing's form,
    which holds paths only (the same form in every language)."""

    def __init__(self, drawing: VectorPicture, labels: list, font: str, size: float, colour):
        super().__init__()
        self.drawing, self.labels, self.font, self.size, self.colour = drawing, labels, font, size, colour
        self.box = drawing.box

    def wrap(self, avail_width, avail_height):
        return self.box

    def draw(self):
        self.drawing.drawOn(self.canv, 0, 0)
        self.canv.setFillColor(self.colour)
        for (x, y), word in self.labels:
            # centred on the spot, the middle of the letters (not their foot) on its height
            fonts.draw(self.canv, x - fonts.width(word, self.font, self.size) / 2, y - 0.32 * self.size, word,
                       self.font, self.size)


def picture_source(item: PlannedExercise) -> tuple[Path, int | None] | None:
    """What `picture_for` makes the exercise's picture from, as it is now (its file, and when that last changed;
    None: no picture): a card kept for reuse is one of a picture from the same file."""
    path = item.image if item.image is not None else drawings.drawing_path(data_dir("images"), item.exercise.id)
    if path is None:
        return None
    try:
        return path, path.stat().st_mtime_ns
    except OSError:  # picture_for says what is wrong with it
        return path, None


#: A picture beside an advice item or a safety line (widest, height; points): small, the line is what counts.
LINE_PICTURE = (32 * mm, 16 * mm)


def picture_for_line(drawing_id: str, layout: Layout, st: Styles):
    """The drawing an advice item or a safety line names, small; None if images/drawings/ has no such
    drawing (a test checks that each one named is there)."""
    spec_path = drawings.drawing_path(data_dir("images"), drawing_id)
    if spec_path is None:
        return None
    mtime_ns = spec_path.stat().st_mtime_ns
    return _drawing(spec_path, mtime_ns, _line_box(spec_path, mtime_ns), st.color["accent"].hexval(), layout.mono)


@lru_cache(maxsize=64)
def _line_box(spec_path: Path, mtime_ns: int) -> tuple[float, float]:
    """A line picture's box, once per process and drawing, and kept for the next (posing the figure to find its
    width takes milliseconds); mtime_ns in the key picks up an edited spec."""
    widest, height = LINE_PICTURE
    width = _posed(spec_path, "width", f"{height} {widest}", lambda kept: isinstance(kept, float),
                   lambda: round(drawings.width_for(drawings.load_spec(spec_path), height, widest), 1))
    return width, height


@lru_cache(maxsize=512)
def _drawing(spec_path: Path, mtime_ns: int, box: tuple[float, float], accent: str, mono: bool,
             label_room: float = 0.0) -> VectorPicture:
    """Made once per process, size and colour (mtime_ns in the key picks up an edited spec), and kept in the
    user's cache folder for the next process: posing and outlining the figures is most of what a cold
    build does itself."""
    from reportlab.lib.colors import HexColor

    cache = disk_cache.entry("drawings", spec_path.stem,
                             f"{_spec_digest(spec_path)} {box} {accent} {mono} {label_room} {_drawing_code()}")
    kept = disk_cache.load(cache)  # [operators, compressed]
    if isinstance(kept, list) and len(kept) == 2 and isinstance(kept[0], str) and isinstance(kept[1], bytes):
        return VectorPicture(kept[0], box, kept[1])
    ops = drawings.render(drawings.load_spec(spec_path), box[0], box[1], accent=HexColor(accent), mono=mono,
                          label_room=label_room)
    picture = VectorPicture(ops, box)
    disk_cache.store(cache, [ops, picture.compressed()], keep=512)  # about 25 MB
    return picture


@cache
def _drawing_code() -> str:
    """The code that draws and compresses, by its files' sizes and times (as Python's bytecode is checked) and
    its versions: a drawing made by other code is made again."""
    files = sorted(Path(drawings.__file__).parent.glob("*.py")) + [Path(vector.__file__), Path(styles.__file__)]
    return " ".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files) + \
        f" {reportlab.Version} {zlib.ZLIB_RUNTIME_VERSION}"
