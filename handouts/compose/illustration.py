"""An exercise's picture: the clinic's photo if it names one, else its drawing, else nothing."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from handouts.check.model import Layout, PlannedExercise
from handouts.compose import drawings, images
from handouts.load.resources import data_dir
from handouts.render.flowables import Picture
from handouts.render.styles import Styles
from handouts.render.vector import VectorPicture


def picture_for(item: PlannedExercise, layout: Layout, st: Styles, box: tuple[float, float]):
    """A flowable exactly `box` (width, height) points, or None: a card without a picture has no empty slot."""
    if item.image is not None:
        reader, shown = images.prepare(item.image, box[0], box[1], layout.mono)
        return Picture(reader, shown, box)
    spec_path = drawings.drawing_path(data_dir("images"), item.exercise.id)
    if spec_path is None:
        return None
    return _drawing(spec_path, spec_path.stat().st_mtime_ns, box, st.color["primary"].hexval(), layout.mono)


@lru_cache(maxsize=512)
def _drawing(spec_path: Path, mtime_ns: int, box: tuple[float, float], accent: str, mono: bool) -> VectorPicture:
    """Made once per process, size and colour (mtime_ns in the key picks up an edited spec)."""
    from reportlab.lib.colors import HexColor

    ops = drawings.render(drawings.load_spec(spec_path), box[0], box[1], accent=HexColor(accent), mono=mono)
    return VectorPicture(ops, box)
