"""The one gateway for raster pictures (photos and logos): Pillow in, print-ready image out.

Each file is opened once per process: EXIF orientation applied, transparency
flattened onto white (printers have no alpha), downscaled to about 300 dpi at
its printed size, and greyscale for black-and-white layouts.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from handouts.errors import UserError

PRINT_DPI = 300
MAX_PIXELS = 40_000_000  # a larger picture is refused rather than slowly decoded


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
    image = image.convert("L" if mono else "RGB")
    scale = min(width_pt / image.width, height_pt / image.height)
    shown = (image.width * scale, image.height * scale)
    target = (max(1, round(shown[0] / 72 * PRINT_DPI)), max(1, round(shown[1] / 72 * PRINT_DPI)))
    if target[0] < image.width:
        image = image.resize(target, Image.LANCZOS)
    return ImageReader(image), shown
