"""The Pillow gateway: photos come out upright, flat, print-sized, and prepared once."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.preflight import images
from handouts.run.build import pdf_bytes

MM = 72 / 25.4


def _jpeg_with_orientation(path, size=(400, 200), orientation=6):
    image = Image.new("RGB", size, "white")
    image.paste((200, 0, 0), (0, 0, size[0] // 4, size[1]))  # a red band on the stored image's left
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, "JPEG", exif=exif.tobytes())


def test_exif_rotation_comes_out_upright(tmp_path):
    photo = tmp_path / "photo.jpg"
    _jpeg_with_orientation(photo)
    reader, (w, h) = images.prepare(photo, 100, 100)
    out = reader._image
    assert out.size[0] < out.size[1]  # 400x200 stored, rotated 90° by EXIF: portrait
    assert h > w
    # Orientation 6 turns the stored left edge to the top.
    top, bottom = out.getpixel((out.width // 2, 2)), out.getpixel((out.width // 2, out.height - 3))
    assert top[0] > 150 and top[1] < 80, top  # red
    assert min(bottom) > 240, bottom  # white


def test_alpha_is_flattened_onto_white(tmp_path):
    path = tmp_path / "cutout.png"
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(path)
    reader, _ = images.prepare(path, 50, 50)
    assert reader._image.mode == "RGB"
    assert reader._image.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize("mono", [False, True])
def test_a_16_bit_grey_photo_keeps_its_greys(tmp_path, mono):
    # Pillow's convert() clips 16-bit values above 255: the whole picture would print white.
    path = tmp_path / "scan.png"
    Image.new("I;16", (40, 40), 32768).save(path)  # mid grey, as a 16-bit scanner writes it
    reader, _ = images.prepare(path, 40, 40, mono)
    grey = reader._image.getpixel((20, 20))
    assert (grey if mono else grey[0]) == 128


def test_downscaled_to_print_resolution_and_grey_for_mono(tmp_path):
    path = tmp_path / "big.png"
    Image.new("RGB", (4000, 3000), (30, 120, 200)).save(path)
    reader, (w, h) = images.prepare(path, 46 * MM, 40 * MM, True)
    out = reader._image
    assert out.mode == "L"
    assert abs(out.width - round(46 / 25.4 * 300)) <= 2  # about 300 dpi at the printed width
    assert abs(w - 46 * MM) < 0.01 and h <= 40 * MM


def test_each_file_is_prepared_once(tmp_path):
    path = tmp_path / "once.png"
    Image.new("RGB", (20, 20), "white").save(path)
    first = images.prepare(path, 30, 30)
    assert images.prepare(path, 30, 30) is first


def test_plan_photo_is_printed_on_the_card(write_plan, tmp_path):
    photo = tmp_path / "my-neck-tilt.jpg"
    _jpeg_with_orientation(photo, orientation=1)
    plan = write_plan({"exercises": [{"id": "neck-tilt", "image": "my-neck-tilt.jpg"}], "advice": "none",
                       "warnings": "none"})
    pdf = PdfReader(io.BytesIO(pdf_bytes(load_plan(plan))))
    xobjects = pdf.pages[0]["/Resources"]["/XObject"]
    subtypes = [x.get_object()["/Subtype"] for x in xobjects.values()]
    assert subtypes.count("/Image") >= 2  # the clinic logo and the photo


@pytest.mark.parametrize("content", [b"not an image at all", b""])
def test_corrupt_photo_is_a_one_line_error(run, write_plan, tmp_path, content):
    (tmp_path / "broken.png").write_bytes(content)
    plan = write_plan({"exercises": [{"id": "neck-tilt", "image": "broken.png"}]})
    out = tmp_path / "out.pdf"
    result = run("build", plan, "-o", out)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.png" in lines[0] and "Traceback" not in result.stderr
    assert not out.exists()


def test_missing_photo_is_a_one_line_error(run, write_plan, tmp_path):
    plan = write_plan({"exercises": [{"id": "neck-tilt", "image": "nowhere.jpg"}]})
    result = run("build", plan, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 2
    assert "nowhere.jpg" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_exercise_without_a_picture_has_no_empty_slot(write_plan, monkeypatch):
    """No drawing yet and no photo: the card's words take its full width, with no grey box."""
    import pypdfium2
    from conftest import one_line, pdf_text

    from handouts.compose import drawings

    plan = {"exercises": ["neck-tilt"], "advice": "none", "warnings": "none"}
    with_drawing = pdf_bytes(load_plan(write_plan(plan)))
    monkeypatch.setattr(drawings, "drawing_path", lambda images_dir, exercise_id: None)
    without = pdf_bytes(load_plan(write_plan(plan)))
    assert "Neck tilt" in one_line(pdf_text(without))

    def first_step_x(data: bytes) -> float:
        page = pypdfium2.PdfDocument(data)[0].get_textpage()
        index = page.get_text_range().index("Sit tall")
        return page.get_charbox(index)[0]

    assert first_step_x(without) < first_step_x(with_drawing) - 100  # the steps move left into the space
    # and no stand-in is drawn: the only picture left on the page is the clinic's logo
    page = PdfReader(io.BytesIO(without)).pages[0]
    images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1
    assert page.get_contents().get_data().count(b" c ") < 20  # the drawing's hundreds of curves are gone


# -- what a picture costs, and what else a camera writes ----------------------------------------

def test_a_long_thin_sliver_costs_what_it_prints(tmp_path):
    """1 x 4,000,000 pixels printed 100 points tall needs 417 pixels: it is shrunk before it is copied."""
    import subprocess
    import sys

    sliver = tmp_path / "sliver.png"
    Image.new("L", (1, 4_000_000), 128).save(sliver)
    probe = ("import resource, sys; from pathlib import Path; from handouts.preflight import images; "
             "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
             "reader, shown = images.prepare(Path(sys.argv[1]), 100, 100); "
             "print(reader._image.size, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)")
    out = subprocess.run([sys.executable, "-c", probe, str(sliver)], capture_output=True, text=True, check=True)
    size, grown_mb = out.stdout.rsplit(" ", 1)
    assert size == "(1, 417)"
    # One decode of 4 million one-pixel lines is about 40 MB; each further copy would add as much again.
    assert int(grown_mb) < 100, out.stdout


def test_a_big_turned_photo_is_shrunk_and_still_upright(tmp_path):
    photo = tmp_path / "photo.jpg"
    _jpeg_with_orientation(photo, size=(4000, 2000))
    reader, (w, h) = images.prepare(photo, 100, 100)
    assert reader._image.size == (208, 417)  # upright, portrait, 300 dpi at its printed size
    assert (round(w), round(h)) == (50, 100)
    top = reader._image.getpixel((reader._image.width // 2, 3))
    assert top[0] > 150 and top[1] < 80, top


def test_a_phones_multi_frame_jpeg_prints_its_first_frame(run, write_plan, tmp_path):
    first, second = Image.new("RGB", (300, 200), (200, 0, 0)), Image.new("RGB", (300, 200), (0, 0, 200))
    first.save(tmp_path / "phone.jpg", "MPO", save_all=True, append_images=[second])
    with Image.open(tmp_path / "phone.jpg") as opened:
        assert opened.format == "MPO" and opened.n_frames == 2
    reader, _ = images.prepare(tmp_path / "phone.jpg", 100, 100)
    red = reader._image.getpixel((10, 10))
    assert red[0] > 150 and red[2] < 80
    plan = write_plan({"exercises": [{"id": "neck-tilt", "image": "phone.jpg"}], "advice": "none",
                       "warnings": "none"})
    assert run("build", plan, "-o", tmp_path / "out.pdf").exit_code == 0


def test_pillows_warnings_never_reach_the_terminal(run, write_plan, tmp_path):
    palette = Image.new("P", (50, 50), 1)
    palette.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    palette.save(tmp_path / "palette.png", transparency=bytes([0, 128]))  # "should be converted to RGBA"
    odd = Image.new("RGB", (60, 40), "red")
    exif = Image.Exif()
    exif[0x0112] = 1
    odd.save(tmp_path / "odd-exif.jpg", exif=exif.tobytes()[:20])  # "Corrupt EXIF data"
    plan = write_plan({"exercises": [{"id": "neck-tilt", "image": "palette.png"},
                                     {"id": "chin-tuck", "image": "odd-exif.jpg"}],
                       "advice": "none", "warnings": "none"})
    with _no_warnings():
        result = run("build", plan, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr


class _no_warnings:
    """Fails if any warning escapes the block (they would be printed raw on stderr)."""

    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings(record=True)
        self.caught = self._catch.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)
        assert not self.caught, [str(w.message) for w in self.caught]
