"""`handouts serve`: a page on the therapist's own computer to pick exercises, preview and print.

`app.py` has the routes, `guard.py` what every request must pass, `planform.py` turns the form
into a plan file and back, `preview.py` checks and builds that plan in memory, `catalog.py` is the
exercise library as cards with pictures, `starters.py` what a program starts from (a condition's
program, a clinic template, the favourites), `roster_print.py` a roster into one print file. The
templates and static files (htmx, the page's script and styles) ship inside the package.
"""
