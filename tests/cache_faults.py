"""Ways an entry in the cache folder goes bad. Each damage takes two or more entries (of one kind) and leaves in
their place what a reader must refuse and make again: the built handout must still be byte for byte the one
built without a cache."""

from __future__ import annotations

from pathlib import Path


def corrupted(entries: list[Path]) -> None:
    """A byte changed in the middle of each entry (a bad sector, a bit flipped)."""
    for path in entries:
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))


def truncated(entries: list[Path]) -> None:
    """Each entry cut to half its length (a full disk, a copy stopped halfway)."""
    for path in entries:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def swapped(entries: list[Path]) -> None:
    """Each entry holding the next one's bytes: whole, well-formed data made for another key."""
    contents = [path.read_bytes() for path in entries]
    for path, data in zip(entries, contents[1:] + contents[:1]):
        path.write_bytes(data)


def linked(entries: list[Path]) -> None:
    """Each entry a link to a copy of the next one's file, outside the cache folder."""
    outside = entries[0].parent.parent.parent / "outside"
    outside.mkdir(exist_ok=True)
    contents = [path.read_bytes() for path in entries]
    for number, (path, data) in enumerate(zip(entries, contents[1:] + contents[:1])):
        copy = outside / f"{number}.marshal"
        copy.write_bytes(data)
        path.unlink()
        path.symlink_to(copy)


DAMAGES = {damage.__name__: damage for damage in (corrupted, truncated, swapped, linked)}
