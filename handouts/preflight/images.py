"""The one gateway for raster pictures (photos and logos): Pillow in, print-ready image out.

Each file is opened once per process: EXIF orientation applied, transparency
flattened onto white (printers have no alpha), downscaled to about 300 dpi at
its printed size, and greyscale for black-and-white layouts.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from handouts.errors import UserError
from handouts.load import infile

PRINT_DPI = 300
MAX_PIXELS = 40_000_000  # a larger picture is refused rather than slowly decoded
MAX_BYTES = 50_000_000  # a photo straight from a camera is under 20 MB
FORMATS = ("PNG", "JPEG", "MPO")  # MPO: a phone's or camera's JPEG with more frames; its first frame prints


def problem(path: Path) -> str | None:
    """Why `path` cannot be printed as a picture, or None; decoded once per process per file version.

    Plans and layouts call this while they are validated, so a text file named
    .png, a damaged file or a decompression bomb is one located message
    before anything is drawn.
    """
    try:
        info = infile.check(path, MAX_BYTES, "a picture")
    except infile.Unreadable as exc:
        return exc.say(missing="not found", folder="is a folder, not an image")
    return _problem(path, info.st_mtime_ns, info.st_size)


@contextmanager
def _quiet():
    """Pillow's own warnings (odd EXIF data, palette transparency) are about the file, not the handout:
    they never reach the terminal raw. A decompression bomb is an error."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


@contextmanager
def _opened(path: Path):
    """The picture at `path`, opened (not yet decoded) after the file checks: its first frame for an MPO.

    Opened by its name, not a handle: Pillow then loads only the plugin for its extension (a cold
    build pays for no other image formats).
    """
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    infile.check(path, MAX_BYTES, "a picture")
    with Image.open(path) as image:
        yield image


@lru_cache(maxsize=256)
def _problem(path: Path, _mtime_ns: int, _size: int) -> str | None:  # the stat values key the cache
    with _quiet():
        return _why_not(path)


def _why_not(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with _opened(path) as opened:
            if opened.format not in FORMATS:
                return f"is a {opened.format} image, not PNG or JPEG; save it as PNG or JPEG"
            if opened.width * opened.height > MAX_PIXELS:
                raise Image.DecompressionBombError
            opened.verify()  # checksums (PNG), before decoding
        with _opened(path) as opened:
            opened.load()  # a truncated JPEG passes verify(); decoding it does not
    except infile.Unreadable as exc:
        return exc.say(missing="not found", folder="is a folder, not an image")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"is too large (over {MAX_PIXELS:,} pixels); save a smaller copy"
    except UnidentifiedImageError:
        return "is not a PNG or JPEG image; save the picture as PNG or JPEG"
    except OSError as exc:
        if exc.strerror:  # the file itself could not be read
            return f"cannot be read ({exc.strerror})"
        return f"is damaged ({exc}); save it again as PNG or JPEG"
    except (SyntaxError, ValueError, EOFError) as exc:
        return f"is damaged ({exc}); save it again as PNG or JPEG"
    return None


def for_reading(path: Path):
    """The picture at `path` decoded for a machine to read (a code on a photographed page): upright as its EXIF
    says, in greys. A UserError says why a file cannot be read as a picture."""
    from PIL import ImageOps

    why = problem(path)
    if why:
        raise UserError(why, file=path)
    with _quiet(), _opened(path) as image:
        return ImageOps.exif_transpose(image).convert("L")


@lru_cache(maxsize=256)
def prepare(path: Path, width_pt: float, height_pt: float, mono: bool = False):
    """An `ImageReader` for `path` fitted in width x height points, and its fitted size in points.

    The picture is scaled down to what its printed size needs in both directions, early, so that a
    long thin sliver costs what it prints, not what it holds.
    """
    with _quiet():
        return _prepared(path, width_pt, height_pt, mono)


def _prepared(path: Path, width_pt: float, height_pt: float, mono: bool):
    from PIL import Image, ImageOps, UnidentifiedImageError
    from reportlab.lib.utils import ImageReader

    try:
        with _opened(path) as opened:
            # Sizes as stored, before the EXIF turn: what is printed, and the pixels that needs.
            turned = _turned(opened)
            box = (height_pt, width_pt) if turned else (width_pt, height_pt)
            stored_target, stored_shown = _print_pixels(opened.width, opened.height, *box)
            if opened.format in ("JPEG", "MPO"):  # decode at a reduced scale when that is enough
                opened.draft(opened.mode, stored_target)
            opened.load()
            image = ImageOps.exif_transpose(_shrunk(opened, stored_target))
    except infile.Unreadable as exc:
        raise UserError(f"{path}: {exc.say(missing='image not found; check the file name')}") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UserError(f"{path}: image is too large (over {MAX_PIXELS:,} pixels); "
                        "save a smaller copy") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UserError(f"{path}: not a readable PNG or JPEG image ({exc.__class__.__name__}); "
                        "save it again as PNG or JPEG") from None
    target, shown = (stored_target[::-1], stored_shown[::-1]) if turned else (stored_target, stored_shown)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    if image.mode.startswith("I"):  # 16-bit greys: convert() would clip everything above 255 to white
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    wanted = "L" if mono else "RGB"
    if image.mode != wanted:
        image = image.convert(wanted)
    if target[0] < image.width or target[1] < image.height:
        image = image.resize((min(target[0], image.width), min(target[1], image.height)), Image.LANCZOS)
    return ImageReader(image), shown


def _shrunk(image, target: tuple[int, int]):
    """`image` reduced by whole factors while it is at least twice the `target` pixels, before anything else
    copies it: a 1 x 40,000,000 sliver then costs one decode, not one per step."""
    factors = (max(1, image.width // target[0]), max(1, image.height // target[1]))
    if max(factors) < 2:
        return image
    try:
        return image.reduce(factors)
    except ValueError:  # a mode reduce() does not take (a palette): scaled at the end instead
        return image


def _turned(image) -> bool:
    """Whether the picture's EXIF orientation (5 to 8) turns it a quarter: its stored width is its height."""
    return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)


def _print_pixels(width: int, height: int, width_pt: float, height_pt: float):
    """The pixels a picture of width x height needs at PRINT_DPI fitted in width_pt x height_pt, and
    its fitted size in points."""
    scale = min(width_pt / width, height_pt / height)
    shown = (width * scale, height * scale)
    return (max(1, round(shown[0] / 72 * PRINT_DPI)), max(1, round(shown[1] / 72 * PRINT_DPI))), shown
