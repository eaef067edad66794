"""The wheel carries its data, and an installed handouts works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_PLAN, pdf_text


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (path,) = out.glob("handouts-*.whl")
    return path


def test_wheel_carries_layouts_images_fonts_and_library(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("handouts/_data/layouts/default.yaml", "handouts/_data/images/logo.png",
                     "handouts/_data/fonts/DejaVuSans.ttf", "handouts/_data/fonts/LICENSE-DejaVu.txt",
                     "handouts/_data/library/en/strings.yaml", "handouts/_data/library/en/exercises/neck-tilt.yaml",
                     "handouts/_data/schemas/plan.schema.json", "handouts/_data/schemas/layout.schema.json",
                     "handouts/cli.py"):
        assert required in names, required
    assert any(n.startswith("handouts/_data/images/drawings/") for n in names)


def test_wheel_carries_the_pages_templates_scripts_and_styles(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("handouts/web/templates/page.html", "handouts/web/static/htmx.min.js",
                     "handouts/web/static/htmx-LICENSE.txt", "handouts/web/static/page.js",
                     "handouts/web/static/page.css"):
        assert required in names, required


def test_installed_package_builds_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    plan = elsewhere / "plan.yaml"
    plan.write_text(SAMPLE_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(target))
    result = subprocess.run([sys.executable, "-m", "handouts", "build", "plan.yaml", "-o", "out.pdf"],
                            cwd=elsewhere, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    probe = subprocess.run([sys.executable, "-c", "import handouts.load.resources as r; print(r.data_dir('layouts'))"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert str(target) in probe.stdout  # the installed copy's data, not this checkout's
    assert "José Müller" in pdf_text(elsewhere / "out.pdf")
    schema = subprocess.run([sys.executable, "-m", "handouts", "schema", "plan"], check=False, cwd=elsewhere, env=env,
                            capture_output=True, text=True, encoding="utf-8")
    shipped = target / "handouts" / "_data" / "schemas" / "plan.schema.json"
    assert schema.returncode == 0 and schema.stdout == shipped.read_text(encoding="utf-8")
