"""The one gateway for raster pictures (photos and logos): Pillow in, print-ready image out.

Each file is opened once per process: EXIF orientation applied, transparency
flattened onto white (printers have no alpha), downscaled to about 300 dpi at
its printed size, and greyscale for black-and-white layouts.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from handouts.errors import UserError

PRINT_DPI = 300
MAX_PIXELS = 40_000_000  # a larger picture is refused rather than slowly decoded
FORMATS = ("PNG", "JPEG")


def problem(path: Path) -> str | None:
    """Why `path` cannot be printed as a picture, or None; decoded once per process per file version.

    Plans and layouts call this while they are validated, so a text file named
    .png, a damaged file or a decompression bomb is one located message
    before anything is drawn.
    """
    try:
        info = path.stat()
    except OSError:
        return "not found"
    return _problem(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=256)
def _problem(path: Path, _mtime_ns: int, _size: int) -> str | None:  # the stat values key the cache
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                if opened.format not in FORMATS:
                    return f"is a {opened.format} image, not PNG or JPEG; save it as PNG or JPEG"
                if opened.width * opened.height > MAX_PIXELS:
                    raise Image.DecompressionBombError
                opened.verify()  # checksums (PNG), before decoding
            with Image.open(path) as opened:
                opened.load()  # a truncated JPEG passes verify(); decoding it does not
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"is too large (over {MAX_PIXELS:,} pixels); save a smaller copy"
    except UnidentifiedImageError:
        return "is not a PNG or JPEG image; save the picture as PNG or JPEG"
    except IsADirectoryError:
        return "is a folder, not an image"
    except OSError as exc:
        if exc.strerror:  # the file itself could not be read
            return f"cannot be read ({exc.strerror})"
        return f"is damaged ({exc}); save it again as PNG or JPEG"
    except (SyntaxError, ValueError, EOFError) as exc:
        return f"is damaged ({exc}); save it again as PNG or JPEG"
    return None


@lru_cache(maxsize=256)
def prepare(path: Path, width_pt: float, height_pt: float, mono: bool = False):
    """An `ImageReader` for `path` fitted in width x height points, and its fitted size in points."""
    from PIL import Image, ImageOps, UnidentifiedImageError
    from reportlab.lib.utils import ImageReader

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except FileNotFoundError:
        raise UserError(f"{path}: image not found; check the file name") from None
    except Image.DecompressionBombError:
        raise UserError(f"{path}: image is too large (over {MAX_PIXELS:,} pixels); "
                        "save a smaller copy") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UserError(f"{path}: not a readable PNG or JPEG image ({exc.__class__.__name__}); "
                        "save it again as PNG or JPEG") from None
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    if image.mode.startswith("I"):  # 16-bit greys: convert() would clip everything above 255 to white
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    image = image.convert("L" if mono else "RGB")
    scale = min(width_pt / image.width, height_pt / image.height)
    shown = (image.width * scale, image.height * scale)
    target = (max(1, round(shown[0] / 72 * PRINT_DPI)), max(1, round(shown[1] / 72 * PRINT_DPI)))
    if target[0] < image.width:
        image = image.resize(target, Image.LANCZOS)
    return ImageReader(image), shown
