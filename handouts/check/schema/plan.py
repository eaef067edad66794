"""The plan file (README, "The plan"): the contract a therapist writes. Extend it; never break it."""

from __future__ import annotations

from handouts.check.schema.fields import (
    any_of,
    boolean,
    choice,
    date,
    integer,
    listing,
    mapping,
    string,
    text,
    url,
)
from handouts.check.schema.library import DEFAULT_CONDITION, dosage_fields

# A tag such as en, es, es-MX or zh-Hans-CN: the library is picked by its language and script (library_language),
# the PDF declares the whole.
LANGUAGE_TAG = r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?"
WAKING_HOURS = r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*"
PICKS = ("standard", "all", "none")


def _language(name: str) -> object:
    return string(name, "a language of the content library, or a regional form of one (es-MX)",
                  pattern=LANGUAGE_TAG, catalog="languages")


def _picks(name: str, what: str, catalog: str):
    return any_of(name, f"standard (the condition's set), all, none, or a list of {what} ids",
                  choice(name, "a set", PICKS), listing(name, f"{what} ids", choice("id", f"a {what} id",
                                                                                       catalog=catalog)),
                  default="standard")


EXERCISE_ENTRY = mapping(
    "exercise", "an exercise with what differs from the library for this patient",
    text("id", "the exercise's id in the library ('handouts list exercises')", max_len=80, required=True,
         catalog="exercises"),
    *dosage_fields(required=False, shown_default="the library's"),
    text("note", "a line for the patient on this exercise's card", max_len=400),
    text("image", "a PNG or JPEG beside the plan (or in images/) instead of the drawing"),
    url("video", "a web address printed as a QR code on the card"),
)

MAX_EXERCISES = 30
# The standard schedule, the source's: ice, then heat.
PHASES = {
    "ice": mapping("ice", "ice sessions",
                   integer("minutes", "minutes a session", 5, 30, default=20, unit=" minutes"),
                   integer("every_hours", "hours from one session to the next", 1, 12, default=1),
                   integer("days", "days of ice", 1, 7, default=2)),
    "heat": mapping("heat", "heat sessions, after the ice",
                    integer("minutes", "minutes a session", 5, 30, default=20, unit=" minutes"),
                    integer("per_day", "sessions a day", 1, 12, default=4),
                    integer("days", "days of heat", 1, 14, default=4)),
}
THERMAL = mapping(
    "thermal", "the ice-then-heat chart; leave out for none",
    date("injury_date", "without it the chart says Day 1, Day 2, ..."),
    any_of("ice", "ice sessions; none for heat only", choice("none", "no ice", ("none",)), PHASES["ice"]),
    any_of("heat", "heat sessions, after the ice; none for ice only", choice("none", "no heat", ("none",)),
           PHASES["heat"]),
    string("waking_hours", "\"08:00-21:00\" (24-hour clock, in quotes); may cross midnight",
           pattern=WAKING_HOURS, default="08:00-21:00"),
)

EXERCISES = listing("exercises", "library ids, in order; a bare id takes the library's dosage",
                    any_of("exercise", "an exercise id, or a mapping with id: and what differs",
                           choice("id", "the exercise's id in the library", catalog="exercises"), EXERCISE_ENTRY),
                    max_items=MAX_EXERCISES)

MAX_PHASES = 6
# 'week 3' is the first day of the program's third week, 'day 8' its eighth day; week 1 and day 1 are the
# handout's date (or, for a handout printed later in the program, see 'phase').
PHASE_START = r"\s*(week|day)\s+(\d{1,3})\s*"
PHASE = mapping(
    "phase", "a stretch of the program: when it starts and its exercises",
    any_of("start", "week 1, day 8, or a date (YYYY-MM-DD); each phase starts after the one before",
           string("start", "week N or day N", pattern=PHASE_START), date("start", "a date"), required=True),
    text("title", "the phase's heading, e.g. 'Calm it down'", max_len=80),
    boolean("keep", "true: the previous phase's exercises go on, and 'exercises' lists only what it adds or "
                    "changes"),
    EXERCISES,
)

PLAN = mapping(
    "plan", "a handout: who it is for, the exercises, the ice and heat, the advice",
    string("layout", "a theme in layouts/ (by name) or a path to a layout file", default="default"),
    any_of("language", "en, es, vi, tl or zh-Hans (a regional form such as es-MX or zh-CN also works); [vi, en] prints English beneath",
           _language("language"), listing("language", "two languages", _language("language"), max_items=2),
           default="en"),
    choice("condition", "what the handout is for: its advice, warning signs and titles", catalog="conditions",
           default=DEFAULT_CONDITION),
    text("title", "the handout's title", max_len=120, shown_default="the condition's"),
    mapping("patient", "who it is for; leave out for a clinic leaflet",
            text("name", "the patient's name", max_len=120, required=True),
            text("id", "a record number", max_len=60), nullable=False),
    text("therapist", "who wrote the program", max_len=120),
    date("date", "the handout's date (YYYY-MM-DD); the chart starts on it", shown_default="today"),
    date("next_visit", "printed on page 1 (YYYY-MM-DD)"),
    EXERCISES,
    listing("phases", "instead of exercises: a program over weeks, each phase with its start and exercises",
            PHASE, max_items=MAX_PHASES),
    integer("phase", "the phase the patient is in now: the handout starts with it", 1, MAX_PHASES, default=1),
    THERMAL,
    _picks("advice", "advice", "advice"),
    _picks("warnings", "warning sign", "warnings"),
    text("notes", "free text from the therapist", max_len=2000, multiline=True),
    boolean("log", "true adds the two-week exercise and pain log page"),
    boolean("plan_code", "true prints the program (never the patient's details) as a QR code on page 1, for "
            "'handouts open' to read back; false prints none", default=None, shown_default="the layout's"),
)
