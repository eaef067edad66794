"""The file system says no: one line, the right exit status, never a traceback, never a hang.

Outputs that cannot be written (a file, a dangling link or a loop where the folder should be, a
name too long), special files and folders given as any input (plan, roster, layout, picture,
logo, font), fonts that are damaged, enormous or may not be embedded, and plans that loop.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import struct
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN as GOOD
from conftest import SAMPLE_PLAN

from handouts.cli import main
from handouts.load.resources import data_dir

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@pytest.fixture(autouse=True)
def never_hangs():
    """A read that blocks (a pipe) or never ends (/dev/zero) fails the test instead of hanging the suite."""
    def stop(*_):
        raise TimeoutError("handouts blocked on a special file")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def handouts(capsys, *args) -> tuple[int, str]:
    """Run the whole command as a user does (cli.main), and return its exit status and stderr."""
    with pytest.raises(SystemExit) as stopped:
        main([str(arg) for arg in args])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return stopped.value.code or 0, err


# -- outputs -------------------------------------------------------------------------------

@pytest.mark.parametrize("blocker, what", [("file", "a file, not a folder"),
                                           ("dangling", "a link that leads nowhere (or back to itself)"),
                                           ("loop", "a link that leads nowhere (or back to itself)")])
def test_an_output_folder_that_cannot_be_one_is_one_line(capsys, tmp_path, blocker, what):
    folder = tmp_path / "out"
    if blocker == "file":
        folder.write_text("")
    else:
        folder.symlink_to(tmp_path / ("nowhere" if blocker == "dangling" else "out"))
    out = folder / "handout.pdf"
    status, err = handouts(capsys, "build", SAMPLE_PLAN, "-o", out)
    assert (status, err) == (2, f"handouts: {out}: {folder} is {what}; choose another output name\n")
    status, err = handouts(capsys, "batch", SAMPLE_PLAN, "-o", folder)
    assert (status, err) == (2, f"handouts: {folder}: {folder} is {what}; choose another output name\n")


def test_an_output_folder_that_cannot_be_written_is_one_line(capsys, tmp_path):
    # As root every folder is writable; /proc refuses new files to everyone.
    status, err = handouts(capsys, "build", SAMPLE_PLAN, "-o", "/proc/handout.pdf")
    assert status == 2
    assert err.startswith("handouts: /proc/handout.pdf: cannot write here (") and err.count("\n") == 1


def test_a_folder_where_the_pdf_should_go_is_one_line(capsys, tmp_path):
    (tmp_path / "out" / "handout.pdf" / "handout.pdf").mkdir(parents=True)  # -o names a folder: PLAN's name in it
    status, err = handouts(capsys, "build", SAMPLE_PLAN, "-o", tmp_path / "out" / "handout.pdf" / "handout.pdf")
    assert status == 0, err  # a folder given as -o takes the plan's name inside it
    target = tmp_path / "out" / "handout.pdf" / "handout.pdf" / "neck-spasm-patient.pdf"
    assert target.is_file()
    target.unlink()
    target.mkdir()
    status, err = handouts(capsys, "build", SAMPLE_PLAN, "-o", target.parent)
    assert (status, err) == (2, f"handouts: {target}: is a folder, not a PDF; choose another output name\n")


def test_a_name_over_255_bytes_is_one_line_and_255_bytes_work(capsys, tmp_path):
    too_long = tmp_path / ("é" * 126 + ".pdf")  # 256 bytes in UTF-8
    status, err = handouts(capsys, "build", SAMPLE_PLAN, "-o", too_long)
    assert status == 2
    assert err == f"handouts: {too_long}: has a name too long for the file system (over 255 bytes); use a shorter name\n"
    longest = tmp_path / ("a" * 251 + ".pdf")
    status, err = handouts(capsys, "build", SAMPLE_PLAN, "-o", longest)
    assert status == 0, err
    assert longest.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == [longest.name], "no temporary file left behind"


def test_a_plan_name_over_255_bytes_is_one_line(capsys, tmp_path):
    plan = tmp_path / ("a" * 300 + ".yaml")
    status, err = handouts(capsys, "check", plan)
    assert (status, err) == (2, (f"handouts: {plan}: has a name too long for the file system (over 255 bytes); "
                                "use a shorter name\n"))


def test_a_plan_that_loops_is_one_line(capsys, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.symlink_to(plan)
    for command in (("check", plan), ("build", plan, "-o", tmp_path / "x.pdf")):
        status, err = handouts(capsys, *command)
        assert (status, err) == (2, f"{plan}: is a link that leads back to itself; name the real file\n")


def test_a_plan_that_is_a_dangling_link_says_so(capsys, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.symlink_to(tmp_path / "gone.yaml")
    status, err = handouts(capsys, "check", plan)
    assert (status, err) == (2, f"{plan}: is a link to a file that does not exist; check the link\n")


# -- special files and folders as inputs ------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_plan_or_roster_is_refused_at_once(capsys, tmp_path, device):
    status, err = handouts(capsys, "check", device)
    assert (status, err) == (2, f"{device}: is not a regular file; name a .yaml file\n")
    status, err = handouts(capsys, "batch", device, "--template", SAMPLE_PLAN, "-o", tmp_path / "out")
    assert (status, err) == (2, (f"handouts: {device}: is not a regular file (a device, a pipe or a socket); "
                                "name a file\n"))


def _special(path: Path, kind: str) -> None:
    if kind == "pipe":
        os.mkfifo(path)
    else:
        path.mkdir()


@pytest.mark.parametrize("kind", [pytest.param("pipe", marks=needs_fifo), "folder"])
def test_a_pipe_or_folder_as_roster_is_refused(capsys, tmp_path, kind):
    roster = tmp_path / "roster.csv"
    _special(roster, kind)
    status, err = handouts(capsys, "batch", roster, "--template", SAMPLE_PLAN, "-o", tmp_path / "out")
    reason = ("is not a regular file (a device, a pipe or a socket); name a file" if kind == "pipe"
              else "is a folder; give the roster's CSV file")
    assert (status, err) == (2, f"handouts: {roster}: {reason}\n")


PIPE = "is not a regular file (a device, a pipe or a socket); name a file"


@pytest.mark.parametrize("kind", [pytest.param("pipe", marks=needs_fifo), "folder"])
@pytest.mark.parametrize("name, plan_text, where, as_folder", [
    ("clinic.yaml", "layout: clinic.yaml\n", "1:9: layout: layout file 'clinic.yaml'",
     "is a folder, not a file; name the layout file inside it"),
    ("photo.png", GOOD.replace("  - neck-tilt", "  - id: neck-tilt\n    image: photo.png"),
     "7:12: exercises[0].image: 'photo.png'", "is a folder, not an image"),
])
def test_a_pipe_or_folder_as_layout_or_picture_is_refused(capsys, tmp_path, kind, name, plan_text, where, as_folder):
    _special(tmp_path / name, kind)
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text, encoding="utf-8")
    status, err = handouts(capsys, "check", plan)
    assert (status, err) == (2, f"{plan}:{where} {PIPE if kind == 'pipe' else as_folder}\n")


@pytest.mark.parametrize("kind", [pytest.param("pipe", marks=needs_fifo), "folder"])
@pytest.mark.parametrize("key, name", [("logo", "logo.png"), ("fonts:\n  regular", "face.ttf")])
def test_a_pipe_or_folder_as_logo_or_font_is_refused(capsys, tmp_path, kind, key, name):
    _special(tmp_path / name, kind)
    (tmp_path / "clinic.yaml").write_text(f"extends: default\n{key}: {name}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: clinic.yaml\n", encoding="utf-8")
    status, err = handouts(capsys, "check", plan)
    place = "2:7: logo" if key == "logo" else "3:12: fonts.regular"
    reason = ("is not a regular file (a device, a pipe or a socket); name a file" if kind == "pipe"
              else "is a folder, not an image" if key == "logo" else "is a folder, not a file")
    assert (status, err) == (2, f"{tmp_path / 'clinic.yaml'}:{place}: '{name}' {reason}\n")


# -- fonts -----------------------------------------------------------------------------------

def _layout_with_font(tmp_path: Path, font: bytes | None, size: int = 0) -> Path:
    face = tmp_path / "face.ttf"
    if font is None:
        with face.open("wb") as handle:  # sparse: enormous on paper, nothing on disk
            handle.truncate(size)
    else:
        face.write_bytes(font)
    (tmp_path / "clinic.yaml").write_text("extends: default\nfonts:\n  regular: face.ttf\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.replace("layout: default", "layout: clinic.yaml"), encoding="utf-8")
    return plan


def _dejavu() -> bytes:
    return (data_dir("fonts") / "DejaVuSans.ttf").read_bytes()


def _no_embedding(font: bytes) -> bytes:
    """The font with its OS/2 fsType set to 'restricted licence embedding' (2)."""
    tables = struct.unpack(">H", font[4:6])[0]
    for n in range(tables):
        tag, _, offset, _ = struct.unpack(">4sIII", font[12 + 16 * n: 28 + 16 * n])
        if tag == b"OS/2":
            return font[:offset + 8] + struct.pack(">H", 2) + font[offset + 10:]
    raise AssertionError("no OS/2 table")


@pytest.mark.parametrize("case, reason", [
    ("cut short", "is a damaged or incomplete TrueType font; use another copy of the .ttf file"),
    ("damaged", "is a damaged or incomplete TrueType font; use another copy of the .ttf file"),
    ("no embedding", ("is a font whose licence does not allow embedding it in a PDF; use another font, such as "
                     "DejaVu Sans")),
])
def test_a_font_that_cannot_be_used_is_one_line(capsys, tmp_path, case, reason):
    font = _dejavu()
    font = {"cut short": font[:20_000], "damaged": font[:12] + b"\xff" * 400 + font[412:],
            "no embedding": _no_embedding(font)}[case]
    plan = _layout_with_font(tmp_path, font)
    # The licence (and a table directory that points past the end) is read while the layout is checked;
    # other damage shows when the font is first used.
    want = (f"{tmp_path / 'face.ttf'}: {reason}\n" if case == "damaged"
            else f"{tmp_path / 'clinic.yaml'}:3:12: fonts.regular: 'face.ttf' {reason}\n")
    for command in (("check", plan), ("build", plan, "-o", tmp_path / "out.pdf")):
        status, err = handouts(capsys, *command)
        assert (status, err) == (2, want)
    assert not (tmp_path / "out.pdf").exists()


def test_an_enormous_font_is_refused_before_it_is_read(capsys, tmp_path):
    plan = _layout_with_font(tmp_path, None, size=3_000_000_000)
    status, err = handouts(capsys, "check", plan)
    assert (status, err) == (2, (f"{tmp_path / 'clinic.yaml'}:3:12: fonts.regular: 'face.ttf' is 3,000,000,000 "
                                "bytes; a font file is at most 40,000,000 bytes\n"))


def test_a_dangling_link_in_a_folder_of_leaflets_is_reported(capsys, tmp_path):
    leaflets = tmp_path / "leaflets"
    leaflets.mkdir()
    shutil.copy(SAMPLE_PLAN, leaflets / "neck.yaml")
    (leaflets / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    status, err = handouts(capsys, "check", leaflets)
    assert status == 2
    assert err == f"{leaflets / 'gone.yaml'}: is a link to a file that does not exist; check the link\n"


def test_a_folder_where_a_batch_pdf_should_go_fails_that_row_only(capsys, tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("first", "second"):
        shutil.copy(SAMPLE_PLAN, plans / f"{name}.yaml")
    (tmp_path / "out" / "first.pdf").mkdir(parents=True)
    status, err = handouts(capsys, "batch", plans, "-o", tmp_path / "out", "--jobs", 1)
    assert status == 1
    assert err.splitlines()[0] == f"{plans / 'first.yaml'}: {tmp_path / 'out' / 'first.pdf'}: cannot write the PDF " \
                                  "(Is a directory)"
    assert (tmp_path / "out" / "second.pdf").is_file()


@pytest.mark.parametrize("error, line", [
    (OSError(errno.ENOSPC, "No space left on device", "/clinic/out.pdf"), "/clinic/out.pdf: No space left on device"),
    (OSError(errno.ELOOP, "Too many levels of symbolic links", "/clinic/x"),
     "/clinic/x: is a link that leads back to itself; name the real file"),
    (OSError(errno.EIO, "Input/output error"), "Input/output error"),
])
def test_a_file_system_error_no_check_foresaw_is_one_line(capsys, tmp_path, monkeypatch, error, line):
    from handouts.run import build

    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(build, "load_plan", fails)
    status, err = handouts(capsys, "build", SAMPLE_PLAN, "-o", tmp_path / "x.pdf")
    assert (status, err) == (2, f"handouts: {line}\n")
