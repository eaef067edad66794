"""Exercise line drawings: a short YAML spec (``images/drawings/<id>.yaml``) in, PDF operators out.

One straight path, a module a step::

    spec.yaml --spec.load_spec--> checked spec --scene.scenes--> start and end scenes (cm) --pdf.render--> operators
                                     body.py poses the person, outline.py outlines it, geometry.py does the sums

| module | one job |
|---|---|
| ``spec`` | read and check a drawing spec; every problem one line naming the file |
| ``body`` | the posable person: pose parameters, the skeleton, positions, placing it on the floor, landmarks |
| ``outline`` | a posed person's outline shapes (trunk, limbs, head and face), back to front |
| ``scene`` | one picture of a pose in figure cm: props, the seat or mat, arrows, what the frame shows |
| ``pdf`` | scenes placed in their panels and written as PDF operators, in colour or black and white |
| ``geometry`` | vectors, rotations and 2D paths |

See docs/drawings.md for the spec's keys.
"""

from handouts.compose.drawings.pdf import label_spots, render, width_for
from handouts.compose.drawings.spec import drawing_path, load_spec

__all__ = ["drawing_path", "label_spots", "load_spec", "render", "width_for"]
