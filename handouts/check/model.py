"""The checked, frozen form of a plan and of the content library.

Everything downstream of validation (compose, render) reads only these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from handouts.check.schema.layout import LAYOUT
from handouts.check.schema.plan import PLAN


@dataclass(frozen=True)
class Dosage:
    hold_s: int
    reps: int
    sets: int
    per_day: int
    side: str  # one of schema.library.SIDES


@dataclass(frozen=True)
class Exercise:
    """A library exercise, as written in library/<language>/exercises/<id>.yaml."""

    id: str
    title: str
    purpose: str
    region: str  # one of schema.library.REGIONS
    position: str
    steps: tuple[str, ...]
    dosage: Dosage
    cautions: tuple[str, ...]
    equipment: tuple[str, ...] = ("none",)  # what the patient needs beyond a seat or a floor: schema.library.EQUIPMENT
    image: Path | None = None  # a photo; drawings are found by id
    video: str | None = None
    also_regions: tuple[str, ...] = ()  # other regions it serves (a shrug works the upper back too)
    # the words under the start and end pictures of its drawing, in its library's language ("Start", "End")
    pose_labels: tuple[str, ...] = ()

    @property
    def regions(self) -> tuple[str, ...]:
        return (self.region, *self.also_regions)


@dataclass(frozen=True)
class AdviceItem:
    id: str
    text: str
    picture: str | None = None  # a drawing's id (images/drawings/<id>.yaml), printed beside the text
    caption: str | None = None  # a few words under the picture: what it shows


@dataclass(frozen=True)
class WarningSign:
    id: str
    tier: str  # "urgent" or "call"
    text: str


@dataclass(frozen=True)
class Condition:
    """What a handout is for (library/<language>/conditions/<id>.yaml): its words and standard sets."""

    id: str
    name: str
    title: str  # a leaflet's title, unless the plan gives one
    intro: str  # printed once, under the title: what it is and how long it takes
    source: str
    advice: tuple[AdviceItem, ...]  # what `advice: standard` prints
    warnings: tuple[WarningSign, ...]  # what `warnings: standard` prints
    # added to `warnings` when a neck exercise is in the plan: a condition that is not about the neck
    # still needs the neck's stroke and artery signs then
    neck_warnings: tuple[WarningSign, ...] = ()
    program: tuple[str, ...] = ()  # exercise ids: the starting program the page offers for it


@dataclass(frozen=True)
class SafetyLine:
    text: str
    phase: str | None = None  # "ice" or "heat": printed only when the plan has that phase
    picture: str | None = None  # a drawing's id, printed beside the line
    caption: str | None = None  # a few words under the picture: what it shows


@dataclass(frozen=True)
class ThermalText:
    intro: str  # ice, then heat
    intro_ice: str  # ice only: no word of heat
    intro_heat: str  # heat only, or the ice days over: no word of ice
    ice_label: str
    heat_label: str
    ice_how: str
    heat_how: str
    safety: tuple[SafetyLine, ...]


@dataclass(frozen=True)
class Library:
    language: str
    exercises: dict[str, Exercise]
    advice: dict[str, AdviceItem]
    warnings: dict[str, WarningSign]
    thermal: ThermalText
    strings: dict[str, str]
    conditions: dict[str, Condition]


@dataclass(frozen=True)
class Patient:
    name: str
    id: str | None = None


@dataclass(frozen=True)
class PlannedExercise:
    exercise: Exercise
    dosage: Dosage
    note: str | None = None
    image: Path | None = None
    video: str | None = None


@dataclass(frozen=True)
class Phase:
    """A stretch of the program: a plan with `exercises:` is one, starting on the handout's date."""

    number: int  # 1 for the first, as the plan lists them
    start: dt.date
    title: str | None
    exercises: tuple[PlannedExercise, ...]  # everything the patient does in this phase
    new: tuple[PlannedExercise, ...]  # added or changed since the phase before (for the first, all of them)
    stopped: tuple[PlannedExercise, ...] = ()  # the phase before's exercises this one drops


@dataclass(frozen=True)
class IcePhase:
    minutes: int
    every_hours: int
    days: int


@dataclass(frozen=True)
class HeatPhase:
    minutes: int
    per_day: int
    days: int


@dataclass(frozen=True)
class ThermalPlan:
    injury_date: dt.date | None
    ice: IcePhase | None  # None: heat only
    heat: HeatPhase | None  # None: ice only
    waking_start: dt.time
    waking_end: dt.time  # earlier than waking_start for a night worker: the waking day crosses midnight


@dataclass(frozen=True)
class Plan:
    source: Path
    layout: Layout
    library: Library
    title: str
    patient: Patient | None
    therapist: str | None
    date: dt.date
    condition: Condition
    exercises: tuple[PlannedExercise, ...]  # the current phase's
    thermal: ThermalPlan | None
    advice: tuple[AdviceItem, ...]
    warnings: tuple[WarningSign, ...]
    notes: str | None
    next_visit: dt.date | None = None
    log: bool = PLAN["log"].default  # add the two-week exercise and pain log page
    language: str = PLAN["language"].default  # the tag the PDF declares ('en-GB'); the library is chosen by its first part
    plan_code: bool = False  # the program as a QR code on page 1 (a patient's handout only)
    second: Library | None = None  # a two-language handout's other language, printed beneath the first
    positions: dict = field(default_factory=dict)  # 'thermal.ice.minutes' -> (line, column) in the plan file
    phases: tuple[Phase, ...] = ()  # the whole program, in order; its exercises are the current phase's
    phase: int = PLAN["phase"].default  # the current phase's number: the handout starts with it

    @property
    def upcoming(self) -> tuple[Phase, ...]:
        """The phases this handout prints: the current one and those after it."""
        return self.phases[self.phase - 1:]


@dataclass(frozen=True)
class Clinic:
    name: str
    address: str = LAYOUT["clinic"]["address"].default
    phone: str = LAYOUT["clinic"]["phone"].default
    web: str = LAYOUT["clinic"]["web"].default


@dataclass(frozen=True)
class Layout:
    """A theme, merged with the layouts it extends."""

    name: str
    source: Path
    page_size: tuple[float, float]  # points
    margins: tuple[float, float, float, float]  # top, right, bottom, left, points
    fonts: dict[str, Path]  # regular, bold, italic, bold_italic
    sizes: dict[str, float]  # body, small, title, heading, ...
    colors: dict[str, str]  # name -> "#RRGGBB"
    logo: Path | None
    clinic: Clinic
    card_columns: int
    mono: bool
    emergency_number: str = LAYOUT["emergency_number"].default  # '911', '999', '112': the urgent warning box says to call it
    fhir_identifier_system: str = LAYOUT["fhir_identifier_system"].default  # the record numbers' URI; "" if not given
    plan_code: bool = LAYOUT["plan_code"].default  # a patient's handout carries its program as a QR code on page 1
    lines: dict[str, float] = field(default_factory=LAYOUT["lines"].defaults)  # line weights, points
    padding: dict[str, float] = field(default_factory=LAYOUT["padding"].defaults)  # space inside boxes, points
    corners: dict[str, float] = field(default_factory=LAYOUT["corners"].defaults)  # radii of rounded corners, points

    @property
    def content_size(self) -> tuple[float, float]:
        """Width and height of the page inside the margins: what the story flows into."""
        top, right, bottom, left = self.margins
        return self.page_size[0] - left - right, self.page_size[1] - top - bottom
