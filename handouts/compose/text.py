"""Words: escaping user text for reportlab's paragraph markup, and dosage and dates in plain language."""

from __future__ import annotations

import datetime as dt

from handouts.check.model import Dosage

# The three characters paragraph markup reads. (xml.sax.saxutils.escape does the same, but importing
# it pulls in urllib, http and email: some 14 ms of a cold start.)
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markup(text: str) -> str:
    """User text made safe for `Paragraph`: every <, > and & prints as typed; line breaks are kept."""
    return text.translate(_MARKUP).replace("\n", "<br/>")


def no_widow(text: str) -> str:
    """`text` (already markup) with its last two words kept together, so that a title that wraps never leaves
    one word alone on its last line; not where those two words would make a line of their own too long."""
    head, space, last = text.rstrip().rpartition(" ")
    if not space or " " not in head.strip() or len(head.rsplit(" ", 1)[-1]) + len(last) > 24:
        return text
    return f"{head}&nbsp;{last}"


def fill(strings: dict, key: str, n: int | None = None, **values) -> str:
    """A phrase from the library's strings, using the `<key>_1` form when n is 1."""
    if n == 1 and f"{key}_1" in strings:
        key = f"{key}_1"
    return strings[key].format(n=n, **values)


def dosage_figures(dosage: Dosage, strings: dict) -> list[tuple[str, str]]:
    """The dosage as labelled figures, the same five wherever it prints (a card, the at-a-glance table):
    [('Hold', '15 s'), ('Repeat', '3'), ('Sets', '1'), ('Times a day', '3'), ('Side', 'Each side')]."""
    return [(strings["dosage_hold"], fill(strings, "seconds", dosage.hold_s) if dosage.hold_s else strings["none"]),
            (strings["dosage_repeat"], fill(strings, "repeats", dosage.reps)),  # 1 reads as "Once"
            (strings["dosage_sets"], str(dosage.sets)),
            (strings["dosage_per_day"], str(dosage.per_day)),
            (strings["dosage_side"], strings[f"side_short_{dosage.side}"])]


def dosage_short(dosage: Dosage) -> str:
    """'15 s x 3, 3/day, each side': the dosage at a glance, for the therapist's screen (not the handout)."""
    reps = f"{dosage.reps} rep" + ("s" if dosage.reps != 1 else "")
    amount = f"{dosage.hold_s} s x {dosage.reps}" if dosage.hold_s else reps
    if dosage.sets > 1:
        amount += f" x {dosage.sets} sets"
    parts = [amount, f"{dosage.per_day}/day"]
    if dosage.side != "none":
        parts.append(f"{dosage.side} side")
    return ", ".join(parts)


def rounded_minutes(seconds: float) -> int:
    """Minutes as a patient would say them: whole minutes up to 10 (at least 1), then steps of 5."""
    minutes = seconds / 60
    if minutes < 10:
        return max(1, round(minutes))
    return 5 * round(minutes / 5)


def short_date(date: dt.date, strings: dict) -> str:
    """'Mon 23 Nov', in the library's language and its order of day and month, without the machine's locale."""
    return fill(strings, "date_short", **_date_parts(date, strings))


def long_date(date: dt.date, strings: dict) -> str:
    return fill(strings, "date_long", **_date_parts(date, strings), year=date.year)


def _date_parts(date: dt.date, strings: dict) -> dict:
    return {"weekday": strings["weekdays"][date.weekday()], "day": date.day, "month": strings["months"][date.month - 1]}
