"""Nothing in a plan or a layout can run code, read files other than pictures and layouts, or write elsewhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_PLAN, pdf_text

GOOD = """\
layout: default
patient:
  name: Ana Example
date: 2026-11-24
exercises:
  - id: neck-tilt
    image: {image}
advice: none
warnings: none
"""


def files_under(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


# -- YAML is only ever plain data ------------------------------------------------------

@pytest.mark.parametrize("tag, expected_tag", [
    ("!!python/object/apply:os.system", "!!python/object/apply:os.system"),
    ("!!python/object/new:subprocess.Popen", "!!python/object/new:subprocess.Popen"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!custom", "!custom"),
])
def test_python_tags_are_refused_and_run_nothing(run, tmp_path, tag, expected_tag):
    marker = tmp_path / "ran"
    plan = tmp_path / "plan.yaml"
    plan.write_text(f'layout: default\nnotes: {tag} ["touch {marker}"]\n', encoding="utf-8")
    for command in ("check", "build"):
        result = run(command, plan)
        assert result.exit_code == 2
        assert result.stderr == (f"{plan}:2:8: the tag '{expected_tag}' is not allowed; write a plain value "
                                 "without '!'\n")
    assert not marker.exists()
    assert not plan.with_suffix(".pdf").exists()


def test_layouts_are_read_with_the_same_safe_loader(run, tmp_path):
    marker = tmp_path / "ran"
    layout = tmp_path / "clinic.yaml"
    layout.write_text(f'extends: default\nname: !!python/object/apply:os.system ["touch {marker}"]\n')
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: clinic.yaml\n", encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2 and "is not allowed" in result.stderr
    assert not marker.exists()


UNSAFE_YAML = {"load", "load_all", "full_load", "full_load_all", "unsafe_load", "unsafe_load_all", "Loader",
               "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader"}


def test_every_yaml_read_goes_through_the_safe_loaders():
    """No module names a YAML loader that can build Python objects: only safe_load and the Safe loaders."""
    import ast

    package = Path(__file__).resolve().parent.parent / "handouts"
    for module in package.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml":
                assert node.attr not in UNSAFE_YAML, f"{module.name}:{node.lineno} uses yaml.{node.attr}"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("yaml"):
                names = {alias.name for alias in node.names}
                assert not names & UNSAFE_YAML, f"{module.name}:{node.lineno} imports {names & UNSAFE_YAML}"


@pytest.mark.parametrize("command", [["check", "pdfkit_plans"], ["sheet", "-o", "{out}/sheet.pdf"],
                                     ["build", "pdfkit_plans/neck-spasm-two-languages.yaml", "-o", "{out}/two.pdf"]])
def test_every_yaml_file_read_at_run_time_meets_only_the_safe_constructor(tmp_path, command):
    """Whatever names a loader: any loader that could build Python objects is a FullConstructor."""
    probe = ("import sys, yaml.constructor as c\n"
             "def refuse(self, *args, **kwargs):\n"
             "    raise SystemExit('unsafe YAML loader: ' + type(self).__name__)\n"
             "c.FullConstructor.__init__ = refuse\n"
             "from handouts.cli import main\n"
             "main(sys.argv[1:])\n")
    args = [part.format(out=tmp_path) for part in command]
    result = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "unsafe" not in result.stderr


# -- a plan can only point at pictures beside it or in images/ ------------------------------

@pytest.mark.parametrize("image", ["/etc/passwd", "/etc/passwd.png", "../secret.png", "photos/../../x.png",
                                   "~/portrait.png"])
def test_image_paths_cannot_leave_the_plans_folder(run, tmp_path, image):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.format(image=image), encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2
    assert result.stderr == (f"{plan}:7:12: exercises[0].image: '{image}' is outside the plan's folder; copy the "
                             "picture beside the plan and write its name only\n")


def test_a_link_out_of_the_plans_folder_is_refused_before_it_is_read(run, tmp_path):
    (tmp_path / "photo.png").symlink_to("/etc/passwd")
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.format(image="photo.png"), encoding="utf-8")
    result = run("build", plan)
    assert result.exit_code == 2
    assert result.stderr == (f"{plan}:7:12: exercises[0].image: 'photo.png' is outside the plan's folder; copy the "
                             "picture beside the plan and write its name only\n")
    assert not plan.with_suffix(".pdf").exists()


def test_a_layout_path_must_be_a_yaml_file(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: /etc/passwd\n", encoding="utf-8")
    result = run("check", plan)
    assert result.stderr == f"{plan}:1:9: layout: '/etc/passwd' is not a layout file; a layout path ends in .yaml\n"


OUTSIDE = "is outside the plan's folder and the brand folders; copy it beside the plan, or name its folder with " \
          "--brand-dir (or the HANDOUTS_BRAND_DIRS setting)"


@pytest.mark.parametrize("layout", ["../elsewhere/clinic.yaml", "../../{elsewhere}/clinic.yaml", "/etc/clinic.yaml",
                                    "link.yaml",
                                    "linked-folder/clinic.yaml"])
def test_a_layout_outside_the_plans_folder_is_refused_however_it_is_reached(run, tmp_path, layout):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "clinic.yaml").write_text("extends: default\nclinic:\n  name: Secret Clinic\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "link.yaml").symlink_to(elsewhere / "clinic.yaml")
    (plans / "linked-folder").symlink_to(elsewhere)
    layout = layout.format(elsewhere=elsewhere.relative_to(tmp_path.parent))  # short enough to show in full
    plan = plans / "plan.yaml"
    plan.write_text(f"layout: {layout}\n", encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2
    assert result.stderr == f"{plan}:1:9: layout: '{layout}' {OUTSIDE}\n"
    if layout == "/etc/clinic.yaml":
        return
    # A folder the clinic names is allowed.
    assert run("check", "--brand-dir", elsewhere, plan).exit_code == 0
    assert run("check", plan).exit_code == 2, "the option lasts for its own command only"


def test_a_brand_folder_can_be_named_by_the_setting(run, tmp_path, monkeypatch):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "clinic.yaml").write_text("extends: default\nclinic:\n  name: Brand Clinic\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    plan = plans / "plan.yaml"
    plan.write_text(f"layout: {brand}/clinic.yaml\n", encoding="utf-8")
    monkeypatch.setenv("HANDOUTS_BRAND_DIRS", str(brand))
    result = run("build", plan)
    assert result.exit_code == 0, result.stderr
    assert "Brand Clinic" in pdf_text(plan.with_suffix(".pdf"))
    # A path inside the brand folder works from any plan, as the guide shows.
    plan.write_text("layout: clinic.yaml\n", encoding="utf-8")
    assert run("check", plan).exit_code == 0


@pytest.mark.parametrize("section, value", [("logo", "../../secret.png"), ("logo", "/etc/passwd.png"),
                                            ("fonts:\n  regular", "../../../etc/font.ttf"),
                                            ("extends", "../../outside.yaml"), ("extends", "../other.yaml")])
def test_a_layouts_files_stay_inside_the_allowed_folders(run, tmp_path, section, value):
    brand = tmp_path / "plans" / "brand"
    brand.mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(b"not read")
    (tmp_path / "outside.yaml").write_text("extends: default\n", encoding="utf-8")
    (tmp_path / "plans" / "other.yaml").write_text("extends: default\n", encoding="utf-8")
    layout = brand / "clinic.yaml"
    first = "name: Clinic" if section == "extends" else "extends: default"
    layout.write_text(f"{first}\n{section}: {value}\n", encoding="utf-8")
    plan = tmp_path / "plans" / "plan.yaml"
    plan.write_text("layout: brand/clinic.yaml\n", encoding="utf-8")
    result = run("check", plan)
    if value == "../other.yaml":  # in the plan's folder: allowed
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2
    line, where = {"logo": ("2:7", "logo"), "extends": ("2:10", "extends")}.get(section, ("3:12", "fonts.regular"))
    what = OUTSIDE if section == "extends" else ("is outside the layout's folder, the plan's folder and the brand "
                                                  "folders; copy it beside the plan, or name its folder with "
                                                  "--brand-dir (or the HANDOUTS_BRAND_DIRS setting)")
    assert result.stderr == f"{layout}:{line}: {where}: '{value}' {what}\n"


def test_a_yaml_file_that_is_not_a_layout_is_named_so_and_not_echoed(run, tmp_path):
    (tmp_path / "settings.yaml").write_text("password: hunter2\ntoken: abc123\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: settings.yaml\n", encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path / 'settings.yaml'}: is not a layout file (a layout has keys such as "
                             "extends, clinic and colors, like layouts/default.yaml)\n")


# -- output goes exactly where -o says -----------------------------------------------------

HOSTILE = """\
layout: default
title: ../../../../tmp/escaped
patient:
  name: ../../etc/cron.d/evil
  id: /tmp/escaped-id
therapist: ..\\\\..\\\\windows
date: 2026-11-24
exercises: [neck-tilt]
advice: none
warnings: none
"""


def test_build_writes_only_the_named_output(run, tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    plans.mkdir()
    out.mkdir()
    plan = plans / "plan.yaml"
    plan.write_text(HOSTILE, encoding="utf-8")
    before = files_under(tmp_path)
    result = run("build", plan, "-o", out / "handout.pdf")
    assert result.exit_code == 0, result.stderr
    assert files_under(tmp_path) - before == {Path("out/handout.pdf")}
    assert not Path("/tmp/escaped").exists() and not Path("/tmp/escaped-id").exists()


def test_build_without_o_writes_beside_the_plan_named_after_the_plan(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(HOSTILE, encoding="utf-8")
    before = files_under(tmp_path)
    assert run("build", plan).exit_code == 0
    assert files_under(tmp_path) - before == {Path("plan.pdf")}


@pytest.mark.parametrize("name", ["plan.yaml", "notes.txt", "handout"])
def test_output_must_be_a_pdf_so_a_slip_cannot_overwrite_the_plan(run, tmp_path, name):
    plan = tmp_path / "plan.yaml"
    plan.write_text(SAMPLE_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    before = plan.read_bytes()
    result = run("build", plan, "-o", tmp_path / name)
    assert result.exit_code == 2
    assert result.stderr == f"handouts: {tmp_path / name}: the output must be a .pdf file name\n"
    assert plan.read_bytes() == before
    assert files_under(tmp_path) == {Path("plan.yaml")}


def test_a_plan_named_pdf_is_not_overwritten_by_its_own_output(run, tmp_path):
    plan = tmp_path / "odd.pdf"
    plan.write_text(SAMPLE_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("build", plan)
    assert result.exit_code == 2
    assert result.stderr == f"handouts: {plan}: the output would overwrite {plan}; choose another name\n"
    assert plan.read_text(encoding="utf-8") == SAMPLE_PLAN.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [("sheet", "-o"), ("batch", "{plan}", "-o", "{out}", "--merge")])
def test_no_command_writes_its_pdf_over_a_plan(run, tmp_path, command):
    plan = tmp_path / "plan.yaml"
    plan.write_text(SAMPLE_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    args = [str(a).format(plan=plan, out=tmp_path / "out") for a in command]
    result = run(*args, plan)
    assert result.exit_code == 2
    assert result.stderr == f"handouts: {plan}: the output must be a .pdf file name\n"
    assert plan.read_text(encoding="utf-8") == SAMPLE_PLAN.read_text(encoding="utf-8")


def test_a_roster_cell_cannot_name_a_layout_outside_the_templates_folder(run, tmp_path):
    (tmp_path / "elsewhere.yaml").write_text("extends: default\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    template = plans / "template.yaml"
    template.write_text("layout: default\nexercises: [neck-tilt]\n", encoding="utf-8")
    roster = plans / "roster.csv"
    roster.write_text("patient,layout\nAna Example,../elsewhere.yaml\nBen Example,\n", encoding="utf-8")
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"{roster} row 2: layout: '../elsewhere.yaml' {OUTSIDE}")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ben-example.pdf"]


def test_a_brand_folder_reaches_every_worker_of_a_batch(run, tmp_path):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "clinic.yaml").write_text("extends: default\nclinic:\n  name: Brand Clinic\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    for n in range(4):
        (plans / f"leaflet{n}.yaml").write_text("layout: clinic.yaml\nexercises: [neck-tilt]\n", encoding="utf-8")
    result = run("batch", "--brand-dir", brand, plans, "-o", tmp_path / "out", "--jobs", 2)
    assert result.exit_code == 0, result.stderr
    assert all("Brand Clinic" in pdf_text(tmp_path / "out" / f"leaflet{n}.pdf") for n in range(4))


def test_the_wizard_says_why_a_layout_outside_the_folder_is_refused(run, tmp_path, monkeypatch):
    (tmp_path / "elsewhere.yaml").write_text("extends: default\n", encoding="utf-8")
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path / "plans")
    # A leaflet: no name, the default condition, one exercise as it is, no chart, no notes, no log; then the
    # layout: one outside the folder (asked again), then the default.
    answers = ["", "", "chin-tuck", "", "", "n", "", "n", "../elsewhere.yaml", "", ""]
    result = run("new", "--no-build", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert f"Error: '../elsewhere.yaml' {OUTSIDE}" in result.output
    assert "layout: default" in (tmp_path / "plans" / "leaflet.yaml").read_text(encoding="utf-8")
