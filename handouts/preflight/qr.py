"""How large a QR code a text needs: asked while checking (does a program's code still scan from page 1) and
answered by reportlab's encoder, imported only when a code is measured."""

from __future__ import annotations

ERROR_LEVEL = "M"  # medium error correction: a code still reads with a seventh of it smudged


def qr_version(code: str) -> int:
    """The smallest QR version (1 to 40) that holds `code` at medium error correction; 41 if none does."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, ERROR_LEVEL))
    qr.addData(code)
    version = qr.calculate_version()
    bits = sum(4 + data.getLengthBits(version) + data.bitlength for data in qr.dataList)
    capacity = sum(block.dataCount for block in qrencoder.QRRSBlock.getRSBlocks(version, qr.errorCorrectLevel))
    return version if bits <= capacity * 8 else 41
