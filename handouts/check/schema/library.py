"""The content library's files (library/<language>/): an exercise, an advice item, a warning sign, a condition."""

from __future__ import annotations

from handouts.check.schema.fields import any_of, choice, integer, listing, mapping, text, url

SIDES = ("left", "right", "each", "none")
POSITIONS = ("sitting", "standing", "lying", "kneeling")  # lying: on the back or the front
REGIONS = ("neck", "upper-back", "shoulder", "low-back", "whole-body")
# What an exercise needs beyond a seat, a bed or the floor: `handouts list --equipment` finds by it.
EQUIPMENT = ("none", "towel", "band", "ball", "wall", "door-frame", "chair")
TIERS = ("urgent", "call")
DEFAULT_CONDITION = "neck-spasm"  # what every plan written before conditions existed is for


def dosage_fields(*, required: bool, shown_default: str = "") -> tuple:
    """An exercise's dosage: required in the library, each field the library's unless a plan changes it."""
    more = {"required": required, "shown_default": shown_default}
    return (integer("hold_s", "seconds to hold each time; 0 for a movement without a hold", 0, 300,
                    unit=" seconds", **more),
            integer("reps", "times in a row", 1, 50, **more),
            integer("sets", "rounds of those times", 1, 10, **more),
            integer("per_day", "times a day", 1, 12, **more),
            choice("side", "which side: 'each' means both, one after the other", SIDES,
                   hint=" ('each' means both sides, one after the other)", **more))


DOSAGE_KEYS = tuple(spec.name for spec in dosage_fields(required=True))


def _lines(name: str, about: str, **more):
    return listing(name, about, text("line", "a line of text"), **more)


EXERCISE = mapping(
    "exercise", "library/<language>/exercises/<id>.yaml: one exercise",
    text("id", "must match the file name", max_len=60, required=True),
    text("title", "short; capital only on the first word", max_len=60, required=True),
    text("purpose", "one sentence: what it does for the patient", max_len=160, required=True),
    choice("region", "where a therapist looks for it", REGIONS, required=True),
    listing("also_regions", "other regions it serves: the page's filter finds it there too",
            choice("region", "a region", REGIONS)),
    any_of("equipment", "what the patient needs beyond a seat, a bed or the floor: none, one thing or a list",
           choice("thing", "one thing", EQUIPMENT),
           listing("things", "a list", choice("thing", "one thing", EQUIPMENT)), required=True),
    choice("position", "the position it starts in", POSITIONS, required=True),
    _lines("steps", "the steps, a line each (aim for 3 to 5)", required=True),
    mapping("dosage", "the default dosage; a plan may change any field", *dosage_fields(required=True),
            required=True),
    _lines("cautions", "1 or 2 short lines"),
    text("image", "a photo in images/ instead of the drawing", max_len=200),
    url("video", "a web address printed as a QR code on the card"),
)

#: What a picture's caption is, and how long it may be: 3 to 6 words that fit two short lines under it.
CAPTION_ABOUT = "3 to 6 words printed under the picture, saying what it shows; required with a picture"
CAPTION_MAX = 50

ADVICE = mapping(
    "advice item", "library/<language>/advice.yaml: each item of the list",
    text("id", "what a plan's 'advice:' list names", required=True),
    text("text", "the advice, a sentence or two", required=True),
    text("picture", "a drawing (images/drawings/<id>.yaml) printed small beside it", max_len=60),
    text("caption", CAPTION_ABOUT, max_len=CAPTION_MAX),
)

WARNING = mapping(
    "warning sign", "library/<language>/warnings.yaml: each item of the list",
    text("id", "what a plan's 'warnings:' list names", required=True),
    choice("tier", "urgent: get medical help now; call: call your therapist", TIERS, required=True),
    text("text", "the sign, in the patient's words", required=True),
)

CONDITION = mapping(
    "condition", "library/<language>/conditions/<id>.yaml: what a handout is for",
    text("id", "must match the file name", max_len=60, required=True),
    text("name", "how lists and the wizard name it", max_len=60, required=True),
    text("title", "a leaflet's title, unless the plan gives one", max_len=120, required=True),
    text("intro", "printed once under the title: what it is, how long it takes to settle", max_len=400,
         required=True),
    text("source", "where the advice comes from", max_len=300, required=True),
    listing("advice", "the advice items 'advice: standard' prints, in order",
            choice("id", "an advice id", catalog="advice"), required=True),
    listing("warnings", "the warning signs 'warnings: standard' prints (at least one urgent)",
            choice("id", "a warning sign id", catalog="warnings"), required=True),
    listing("program", "the standard starting program the page offers: 4 to 6 exercise ids, in order",
            choice("id", "an exercise id", catalog="exercises")),
    listing("neck_warnings", "the signs 'warnings: standard' adds when the plan has a neck exercise",
            choice("id", "a warning sign id", catalog="warnings")),
)

THERMAL_TEXT = mapping(
    "thermal text", "library/<language>/thermal.yaml: the fixed words of the ice-then-heat section",
    text("intro", "the section's opening lines", required=True),
    text("intro_ice", "the opening lines when the plan has ice only", required=True),
    text("intro_heat", "the opening lines when the plan has heat only (or its ice days are over)", required=True),
    text("ice_label", "the chart's word for ice", required=True),
    text("heat_label", "the chart's word for heat", required=True),
    text("ice_how", "how to use ice", required=True),
    text("heat_how", "how to use heat", required=True),
    listing("safety", "the lines under 'Stay safe'",
            mapping("safety line", "one line",
                    text("id", "names the line: a translation gives the English ids, in order"),
                    text("text", "the line", required=True),
                    choice("phase", "printed only when the plan has this phase", ("ice", "heat")),
                    text("picture", "a drawing (images/drawings/<id>.yaml) printed small beside it", max_len=60),
                    text("caption", CAPTION_ABOUT, max_len=CAPTION_MAX))),
)
