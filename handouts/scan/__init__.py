"""`handouts scan`: a photographed log page or ice-and-heat chart read back (the 'scan' extra)."""

from __future__ import annotations

from importlib.util import find_spec

MISSING = "reading a log page needs OpenCV and zxing-cpp: pip install 'handouts[scan]'"


def available() -> bool:
    """Whether the 'scan' extra is installed (asked without importing it: OpenCV takes a while to load)."""
    return all(find_spec(name) is not None for name in ("cv2", "zxingcpp"))
