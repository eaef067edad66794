"""Blocks that print alike in every handout that has them, made and measured once per thread and handed out
as fresh copies: an exercise's card depends on its exercise, dosage, number, languages and layout, never on
the patient, so a batch makes each card once for all its rows.

A reportlab flowable keeps marks of the page it was laid out on (the canvas it was drawn on, that the
document moved it to the next page); a shallow copy of the one the last handout laid out is fresh of those
and keeps what laying it out measured: its rows' heights, and its cells' paragraphs, already broken into
lines at the width they are set at (measuring again at that width answers at once; see measured). Drawing
reads the cells without changing them, and a block split across pages splits into new blocks, leaving the
kept one whole. One thread lays out one handout at a time: each thread (the page builds its previews in
several) has blocks of its own.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

KEPT = 256  # blocks kept per thread, the least recently used dropped: a batch's cards in a few layouts and languages

_local = threading.local()


def fresh(key: Hashable | None, make: Callable, named: tuple = ()):
    """A fresh copy of the block `make()` makes for `key`, made now if this thread keeps none; for key None
    (a block holding a patient's own words), `make()` itself, kept nowhere. `named`: the objects `key` names
    by their id, kept alive with the block so that no other takes their id while it is kept."""
    if key is None:
        return make()
    kept = _kept()
    found = kept.pop(key, None)
    block = make() if found is None else copy.copy(found[0])
    block.__dict__.pop("_postponed", None)  # the document's mark on a block it moved on; this copy starts anew
    kept[key] = block, named  # the most recent last, measured as this handout lays it out
    while len(kept) > KEPT:
        kept.popitem(last=False)
    return block


def _kept() -> OrderedDict:
    if not hasattr(_local, "blocks"):
        _local.blocks = OrderedDict()
    return _local.blocks

