"""An exercise's picture: the clinic's photo if it names one, else its drawing, else nothing."""

from __future__ import annotations

from handouts import drawing, images
from handouts.flowables import Picture
from handouts.model import Layout, PlannedExercise
from handouts.resources import data_dir
from handouts.styles import Styles


def picture_for(item: PlannedExercise, layout: Layout, st: Styles, box: tuple[float, float]):
    """A flowable exactly `box` (width, height) points, or None: a card without a picture has no empty slot."""
    if item.image is not None:
        reader, shown = images.prepare(item.image, box[0], box[1], layout.mono)
        return Picture(reader, shown, box)
    spec_path = drawing.drawing_path(data_dir("images"), item.exercise.id)
    if spec_path is None:
        return None
    figure = drawing.render(drawing.load_spec(spec_path), box[0], box[1], accent=st.color["primary"],
                            mono=layout.mono)
    # A Drawing starts in Helvetica; name the layout's (embedded) font instead.
    figure.initialFontName = f"{st.family}-regular"
    return figure
