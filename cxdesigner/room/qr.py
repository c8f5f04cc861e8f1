"""The join address as a QR code, drawn as SVG by segno (pure Python): no image library, no network."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, dark: str = "#000000", light: str = "#ffffff") -> bytes:
    """An SVG of ``url``'s QR code with its quiet zone, scalable to any screen (medium error correction)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    # No XML declaration or namespace games: QtSvg reads the plain document.
    code.save(out, kind="svg", scale=10, border=4, dark=dark, light=light, xmldecl=False, svgns=True)
    return out.getvalue()


__all__ = ["qr_svg"]
