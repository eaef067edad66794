"""A layout file (layouts/<name>.yaml): a theme, which may list only what differs from the one it extends."""

from __future__ import annotations

from handouts.check.schema.fields import any_of, boolean, choice, integer, listing, mapping, number, string, text

PAGE_SIZES = ("A4", "A5", "letter", "legal")
COLOR = r"#[0-9A-Fa-f]{6}"
PHONE_NUMBER = r"\+?[0-9][0-9 -]{0,14}"
URI = r"(https?://|urn:)\S+"
_FACE = "a TrueType (.ttf) file in fonts/ or beside the layout"
_POINTS = {"unit": " pt"}


def _margin(name: str):
    return number(name, f"{name} margin", 5, 60, default=15, unit=" mm")


def _color(name: str, about: str, **more):
    return string(name, about + ', "#RRGGBB" in quotes', pattern=COLOR, **more)


LAYOUT = mapping(
    "layout", "a theme: page, fonts, sizes, colours, logo and the clinic's details",
    text("name", "how 'handouts list layouts' names it", max_len=None, shown_default="the file's name"),
    string("extends", "a layout this one takes everything else from: a name in layouts/ or a .yaml path"),
    mapping("page", "the paper",
            any_of("size", "A4, A5, letter, legal or [width_mm, height_mm]", choice("size", "a paper size", PAGE_SIZES),
                   listing("size", "[width_mm, height_mm]", number("mm", "millimetres", 70, 600), max_items=2),
                   default="A4"),
            mapping("margins_mm", "the margins, in millimetres", *map(_margin, ("top", "right", "bottom", "left")))),
    mapping("fonts", "the four faces (all four, here or in the layout it extends)",
            *(string(face, _FACE) for face in ("regular", "bold", "italic", "bold_italic"))),
    mapping("sizes", "type sizes in points (all but line_spacing, here or in the layout it extends)",
            number("body", "body text", 6, 24, **_POINTS), number("small", "small print", 5, 18, **_POINTS),
            number("title", "the handout's title", 10, 40, **_POINTS),
            number("heading", "section headings", 8, 30, **_POINTS),
            number("card_title", "exercise card titles", 8, 30, **_POINTS),
            number("line_spacing", "body lines' spacing, a multiple of the body size", 1.1, 2.0, default=1.38,
                   unit=" times the body size")),
    mapping("colors", "colours (all of them, here or in the layout it extends)",
            _color("primary", "headings, card titles, header rule"), _color("accent", "the drawings: the figure's moving part and its arrows",
                                                                    shown_default="the primary colour"),
            _color("text", "body text"), _color("muted", "secondary text"), _color("rule", "ruled lines"),
            _color("panel", "patient block and card header fill"), _color("ice", "the chart's ice cells"),
            _color("heat", "the chart's heat cells"), _color("urgent", "the urgent warning box"),
            _color("urgent_fill", "the urgent warning box's fill"), _color("call", "the call-us warning box"),
            _color("call_fill", "the call-us warning box's fill")),
    mapping("lines", "line weights in points (each may be left out)",
            number("rule", "table grids and the rules between rows", 0.25, 3, default=0.5, **_POINTS),
            number("border", "card and panel borders, tick boxes", 0.25, 3, default=0.8, **_POINTS),
            number("frame", "the outer frame of the log's tables", 0.25, 4, default=1.0, **_POINTS),
            number("divider", "a rule between kinds of rows: ice and heat in the chart, the log's pain row", 0.25, 4,
                   default=1.4, **_POINTS),
            number("writing", "the lines to write notes on", 0.25, 3, default=0.6, **_POINTS),
            number("urgent", "the urgent warning box's border (twice as wide when the box has no fill)", 0.5, 4,
                   default=1.6, **_POINTS),
            number("call", "the call-us warning box's border", 0.5, 4, default=1.1, **_POINTS)),
    # Upper limits: the widest padding that still leaves every word whole in compact and large print.
    mapping("padding", "space inside boxes, in points (each may be left out)",
            number("card", "inside an exercise card's border", 2, 12, default=7, **_POINTS),
            number("panel", "either side of the patient block's details", 2, 16, default=9, **_POINTS),
            number("box", "either side of a warning box's signs", 2, 16, default=10, **_POINTS),
            number("cell", "either side of a table cell's words", 1, 6, default=4, **_POINTS)),
    mapping("corners", "the radius of rounded corners, in points (each may be left out; 0 is square)",
            number("card", "an exercise card", 0, 15, default=5, **_POINTS),
            number("box", "a warning box", 0, 15, default=5, **_POINTS),
            number("panel", "the patient block", 0, 15, default=4, **_POINTS)),
    string("logo", "a PNG or JPEG in images/ or beside the layout"),
    mapping("clinic", "the clinic's details, printed on every page",
            text("name", "the clinic's name (required, here or in the layout it extends)", max_len=120, default=""),
            text("address", "one line", max_len=120, default=""), text("phone", "one line", max_len=120, default=""),
            text("web", "one line", max_len=120, default="")),
    mapping("cards", "the exercise cards",
            integer("columns", "2 puts two cards side by side, and lists and warning boxes two to a row", 1, 2,
                    default=1)),
    mapping("images", "pictures",
            boolean("mono", "true prints everything in greys (for black-and-white printers)")),
    boolean("plan_code", "true prints the program (never the patient's details) as a QR code on page 1 of a "
            "patient's handout, for 'handouts open' to read back"),
    string("emergency_number", "the number patients call in an emergency, in quotes: \"911\", \"999\", \"112\"",
           pattern=PHONE_NUMBER, default=""),
    string("fhir_identifier_system", "the URI of the clinic's record numbers, for 'handouts export --fhir': "
           "\"https://clinic.example/mrn\" or \"urn:oid:...\" (from the records system; never made up)",
           pattern=URI, default=""),
)
