"""Step 3, compose: the checked plan as a story of sections, words and pictures."""

# render's package first: it imports reportlab's paragraph module with its web-address pattern deferred, which
# works only before anything imports platypus (the sections here do), and checking no longer loads render.
import handouts.render  # noqa: F401
