"""Shared helpers: write a plan, run the CLI, read back the PDF."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import fields
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handouts.check import clinical, library
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


@pytest.fixture(autouse=True)
def a_fixed_today(monkeypatch):
    """The day `check` and the page weigh a handout's date against: a week after the example plans' date, so
    their warnings do not change as the calendar moves on."""
    monkeypatch.setattr(clinical, "today", lambda: dt.date(2026, 12, 1))


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path_factory, monkeypatch):
    """Each test its own config folder (the page's favourites live there): none touches the user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


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


def library_lines(lib) -> dict[str, str]:
    """Every line a patient reads from a library, by a name that is the same in every language."""
    lines = {}
    for ex in lib.exercises.values():
        lines[f"exercises/{ex.id}.title"] = ex.title
        lines[f"exercises/{ex.id}.purpose"] = ex.purpose
        lines.update({f"exercises/{ex.id}.steps[{i}]": s for i, s in enumerate(ex.steps)})
        lines.update({f"exercises/{ex.id}.cautions[{i}]": c for i, c in enumerate(ex.cautions)})
    lines.update({f"advice/{a.id}": a.text for a in lib.advice.values()})
    lines.update({f"advice/{a.id}.caption": a.caption for a in lib.advice.values() if a.caption})
    lines.update({f"warnings/{w.id}": w.text for w in lib.warnings.values()})
    for condition in lib.conditions.values():
        lines.update({f"conditions/{condition.id}.{key}": getattr(condition, key) for key in library.CONDITION_TEXTS})
    for field in fields(lib.thermal):
        value = getattr(lib.thermal, field.name)
        if isinstance(value, tuple):
            lines.update({f"thermal.{field.name}[{i}]": line.text for i, line in enumerate(value)})
            lines.update({f"thermal.{field.name}[{i}].caption": line.caption for i, line in enumerate(value)
                          if line.caption})
        else:
            lines[f"thermal.{field.name}"] = value
    for key, value in lib.strings.items():
        if isinstance(value, list):
            lines.update({f"strings.{key}[{i}]": v for i, v in enumerate(value)})
        else:
            lines[f"strings.{key}"] = value
    return lines


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


def pdfa_problems(data: bytes) -> list[str]:
    """What keeps a PDF from PDF/A-2b, as far as it can be checked here (no veraPDF): the XMP's PDF/A part and
    its agreement with the Info dictionary, the sRGB output intent, embedded fonts, no soft masks or
    transparency groups, the file ID, no encryption, and the stream syntax PDF/A asks for."""
    import re

    import pikepdf

    problems = []
    pdf = pikepdf.open(io.BytesIO(data))
    if "/Metadata" not in pdf.Root or "/Filter" in pdf.Root.Metadata:
        return ["no unfiltered XMP metadata stream in the catalogue"]
    meta = pdf.open_metadata()
    if meta.pdfa_status != "2B":
        problems.append(f"XMP says PDF/A {meta.pdfa_status!r}, not 2B")
    xmp = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description", "/Keywords": "pdf:Keywords",
           "/Producer": "pdf:Producer", "/Creator": "xmp:CreatorTool", "/CreationDate": "xmp:CreateDate",
           "/ModDate": "xmp:ModifyDate"}
    for key, value in pdf.docinfo.items():
        said = meta.get(xmp[key]) if key in xmp else None
        said = said[0] if isinstance(said, list) and len(said) == 1 else said
        if key.endswith("Date"):
            value = re.sub(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+00'00'", r"\1-\2-\3T\4:\5:\6+00:00", str(value))
        if key in xmp and said != str(value):
            problems.append(f"Info {key} {str(value)!r} but XMP {xmp[key]} {said!r}")
    intents = pdf.Root.get("/OutputIntents", [])
    if len(intents) != 1 or intents[0].S != "/GTS_PDFA1":
        problems.append("not one PDF/A output intent")
    else:
        profile = intents[0].DestOutputProfile
        icc = profile.read_bytes()
        if profile.N != 3 or icc[16:20] != b"RGB " or icc[36:40] != b"acsp" or icc[8] > 4:
            problems.append("the output intent's profile is not an RGB ICC profile of version 4 or earlier")
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        if obj.get("/Type") == "/FontDescriptor" and not any(k in obj for k in ("/FontFile", "/FontFile2",
                                                                              "/FontFile3")):
            problems.append(f"font {obj.FontName} not embedded")
        if obj.get("/Type") == "/Font" and obj.get("/Subtype") in ("/Type1", "/TrueType") \
                and "/FontDescriptor" not in obj:
            problems.append(f"font {obj.BaseFont} not embedded")
        if "/SMask" in obj or obj.get("/S") == "/Transparency" or obj.get("/ca", 1) != 1 or obj.get("/CA", 1) != 1:
            problems.append("transparency (a soft mask, a group or alpha)")
    if "/Encrypt" in pdf.trailer:
        problems.append("encrypted")
    if "/ID" not in pdf.trailer:
        problems.append("no file ID")
    for head in re.finditer(rb"(\d+) 0 obj\s", data):
        ends = data.find(b"endobj", head.end())
        found = re.compile(rb">>\s*stream(\r\n|\n)").search(data, head.end(), ends)
        if found is None:
            continue  # not a stream
        length = int(pdf.get_object((int(head.group(1)), 0)).Length)
        if not re.match(rb"(\r\n|\n|\r)endstream", data[found.end() + length:found.end() + length + 12]):
            problems.append(f"object {head.group(1).decode()}: no end-of-line between its data and endstream")
            break
    if not re.match(rb"%PDF-1\.\d\r?\n%[\x80-\xff]{4}", data):
        problems.append("the header is not followed by a comment of four bytes above 127")
    return problems
