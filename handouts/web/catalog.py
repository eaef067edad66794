"""The exercise library as the page shows it: one card per exercise, with a picture to pick it by."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from handouts.check.library import load_library
from handouts.check.model import Exercise, PlannedExercise
from handouts.check.schema.library import EQUIPMENT, POSITIONS, REGIONS
from handouts.compose.text import dosage_short

# The filters beside the search box, each with its values in the order the library defines them.
FACETS = {"region": REGIONS, "position": POSITIONS, "equipment": EQUIPMENT}
THUMB_BOX = (150.0, 110.0)  # points: the card picture's proportions on the handout, at about half size
THUMB_SCALE = 2  # pixels per point: sharp on a high-density screen


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    purpose: str
    region: tuple[str, ...]  # the region it is filed under first, then any other it serves
    position: str
    equipment: tuple[str, ...]  # ('none',) for an exercise that needs nothing
    dosage: str  # the library's default, at a glance
    steps: tuple[str, ...]

    def facet(self, name: str) -> tuple[str, ...]:
        """This card's values for a filter (an exercise may need several things)."""
        value = getattr(self, name)
        return value if isinstance(value, tuple) else (value,)

    @property
    def search_text(self) -> str:
        """What the search box matches, lower case: a therapist may remember a word of the steps ('wall',
        'towel') rather than the title."""
        return " ".join((self.id, self.title, self.purpose, *self.region, self.position, *self.equipment,
                         *self.steps)).lower()


def cards(language: str) -> list[Card]:
    return [_card(exercise) for exercise in sorted(load_library(language).exercises.values(), key=lambda e: e.title)]


def facets(all_cards: list[Card]) -> dict[str, list[str]]:
    """The values each filter offers, in the library's order: only those some exercise has (no filter
    that finds nothing)."""
    present = {facet: {value for card in all_cards for value in card.facet(facet)} for facet in FACETS}
    return {facet: [value for value in order if value in present[facet]] for facet, order in FACETS.items()}


def _card(exercise: Exercise) -> Card:
    return Card(exercise.id, exercise.title, exercise.purpose, exercise.regions, exercise.position,
                exercise.equipment, dosage_short(exercise.dosage), exercise.steps)


@lru_cache(maxsize=256)
def thumbnail(language: str, exercise_id: str) -> bytes | None:
    """The exercise's picture as on the handout (its drawing, or the clinic's photo) as a PNG, or None.

    Made once per process from library content only: no patient data is in it.
    """
    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from handouts.check.layout import load_layout, resolve_layout
    from handouts.compose.illustration import picture_for
    from handouts.load.resources import data_dir
    from handouts.render.styles import styles_for

    exercise = load_library(language).exercises.get(exercise_id)
    if exercise is None:
        return None
    layout = load_layout(resolve_layout("default", data_dir("layouts")))
    item = PlannedExercise(exercise=exercise, dosage=exercise.dosage, image=exercise.image, video=exercise.video)
    picture = picture_for(item, layout, styles_for(layout), THUMB_BOX, labelled=False)
    if picture is None:
        return None
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=THUMB_BOX, invariant=1)
    picture.wrapOn(canvas, *THUMB_BOX)
    picture.drawOn(canvas, 0, 0)
    canvas.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        image = document[0].render(scale=THUMB_SCALE).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
