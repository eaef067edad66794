"""reportlab's paragraph module, imported with its web-address pattern compiled when first used.

At import, `reportlab.platypus.paragraph` compiles `uri_pat`, a case-insensitive pattern over most of
Unicode: 25 to 50 ms, the largest single piece of a cold `handouts build`'s imports. It is used only to
break a word too long for its line at a slash of a web address, which most handouts never do. Here that
one pattern is compiled on its first use instead; every other pattern is compiled as reportlab asks.
"""

from __future__ import annotations

import re
import sys
import threading

# How the pattern begins (reportlab 4's paragraph.py, from Django's URL validator): only it is deferred.
_URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
_lock = threading.Lock()


class DeferredPattern:
    """A compiled pattern made on its first use: `match`, `search` and the rest are the real pattern's."""

    def __init__(self, pattern: str, flags: int):
        self._source, self._compiled = (pattern, flags), None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


def import_paragraph() -> None:
    """Import reportlab's paragraph module (once per process), its web-address pattern deferred."""
    compile_now = re.compile

    def compile_or_defer(pattern, flags=0):
        if flags == re.IGNORECASE and isinstance(pattern, str) and pattern.startswith(_URI_START):
            return DeferredPattern(pattern, flags)
        return compile_now(pattern, flags)

    with _lock:
        if "reportlab.platypus.paragraph" in sys.modules:
            return  # imported already, by code that came before: it only cost the time
        re.compile = compile_or_defer
        try:
            import reportlab.platypus.paragraph  # noqa: F401 (imported for its side: the module is ready)
        finally:
            re.compile = compile_now
