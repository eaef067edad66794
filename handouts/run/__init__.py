"""The steps run end to end, for the commands and the page: one plan (build.py), many in worker processes
(batch.py, and their print file, batch_print.py), again whenever a file changes (watch.py), and a plan moved
on to its next phase (progress.py)."""
