"""What checking and composing both ask of the world outside the plan, below both: can this photo be decoded,
can this font print these letters, how long is a session, do these sessions fit the waking day, how large a
QR code does this text need.

Nothing here lays out a page (no reportlab.platypus): a plan can be checked without loading the page's code.
"""
