"""Nothing in a plan or a layout can run code, read files other than pictures and layouts, or write elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_PLAN

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


def test_a_system_file_dressed_as_a_picture_is_refused_as_not_an_image(run, tmp_path):
    (tmp_path / "photo.png").symlink_to("/etc/passwd")
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.format(image="photo.png"), encoding="utf-8")
    result = run("build", plan)
    assert result.exit_code == 2
    assert result.stderr == (f"{plan}:7:12: exercises[0].image: 'photo.png' is not a PNG or JPEG image; save the "
                             "picture as PNG or JPEG\n")
    assert "root:" not in result.stderr
    assert not plan.with_suffix(".pdf").exists()


def test_a_layout_path_must_be_a_yaml_file(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: /etc/passwd\n", encoding="utf-8")
    result = run("check", plan)
    assert result.stderr == f"{plan}:1:9: layout: '/etc/passwd' is not a layout file; a layout path ends in .yaml\n"


def test_a_system_file_named_yaml_is_not_echoed(run, tmp_path):
    (tmp_path / "clinic.yaml").symlink_to("/etc/passwd")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: clinic.yaml\n", encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2
    assert "root" not in result.stderr and "/bin/" not in result.stderr


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
