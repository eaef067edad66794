"""A layout's page, as the printed PDF has it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader


@pytest.mark.parametrize("size, points", [("[176, 250]", (498.9, 708.7)), ("A5", (419.5, 595.3)),
                                          ("letter", (612.0, 792.0))])
def test_a_page_size_is_the_width_and_height_of_every_page(run, tmp_path, size, points):
    (tmp_path / "b5.yaml").write_text(f"extends: default\npage: {{size: {size}}}\nclinic: {{address: 14 Quay St}}\n",
                                      encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: b5.yaml\npatient: {name: Ann}\nexercises: [neck-tilt]\n", encoding="utf-8")
    result = run("build", plan, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 0, result.stderr
    for page in PdfReader(tmp_path / "out.pdf").pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == points
