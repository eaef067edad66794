"""Shared helpers: write a plan, run the CLI, read back the PDF."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handouts.check import library
from handouts.cli import cli
from handouts.load.resources import data_dir

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "pdfkit_plans"
SAMPLE_PLAN = PLANS / "neck-spasm-patient.yaml"
SAMPLE_LEAFLET = PLANS / "leaflet-neck-spasm.yaml"
# The smallest plan that builds: tests change one line of it.
MINIMAL_PLAN = """\
layout: default
patient:
  name: Ana Example
date: 2026-11-24
exercises:
  - neck-tilt
advice: none
warnings: none
"""


@pytest.fixture
def write_plan(tmp_path):
    """write_plan(dict or text, name=...) -> Path of a plan file in tmp_path."""

    def write(content, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, (dict, list)):
            content = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run():
    """run(*args) -> click Result, with stdout and stderr kept apart."""

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def pdf_text(data_or_path) -> str:
    from pypdf import PdfReader

    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else str(data_or_path)
    return "\n".join(page.extract_text() for page in PdfReader(source).pages)


def pdf_pages(data_or_path) -> int:
    from pypdf import PdfReader

    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else str(data_or_path)
    return len(PdfReader(source).pages)


def one_line(text: str) -> str:
    """Collapse whitespace so text split across PDF lines can be searched for."""
    return " ".join(text.split())


def pytest_addoption(parser):
    parser.addoption("--regen", action="store_true", help="rewrite the golden references in tests/golden/")
    parser.addoption("--translated", action="append", default=[], metavar="LANGUAGE",
                     help="record that library/LANGUAGE now translates today's English "
                          "(library/LANGUAGE/translated-from.yaml); give it once per language")


@pytest.fixture
def libraries(tmp_path, monkeypatch):
    """A copy of the bundled libraries to break, read in place of the real ones."""
    shutil.copytree(data_dir("library"), tmp_path / "library")
    monkeypatch.setattr(library, "data_dir", lambda name: tmp_path / name)
    library.load_library.cache_clear()
    yield tmp_path / "library"
    library.load_library.cache_clear()
