"""`/favicon.ico`: the site's icon. Browsers ask for it on every first visit; a 404 there fills
logs and consoles. The default is drawn here (a disc in the theme's accent colour, 32×32 PNG in
an ICO container), so no binary file needs shipping; a site replaces it with its theme folder's
`favicon.ico` (WPCOMPAT_THEME_DIR)."""

from __future__ import annotations

import functools
import struct
import zlib

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wpcompat.web.theme import theme_file

SIZE = 32
ACCENT = (0x8A, 0x3B, 0x12)


def _png(size: int) -> bytes:
    rows = []
    centre, radius = (size - 1) / 2, size / 2 - 0.5
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            distance = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
            alpha = max(0.0, min(1.0, radius - distance + 0.5))  # anti-aliased edge
            row += bytes([*ACCENT, int(alpha * 255)])
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


@functools.cache
def default_icon() -> bytes:
    """An ICO file holding one PNG image (allowed since Windows Vista; every browser reads it)."""
    png = _png(SIZE)
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(png), 6 + 16)
    return directory + entry + png


async def favicon(request: Request) -> Response:
    own = theme_file("favicon.ico", getattr(request.app.state.settings, "theme_dir", ""))
    body = own.read_bytes() if own.is_file() else default_icon()
    return Response(body, media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"})


def favicon_routes() -> list[Route]:
    return [Route("/favicon.ico", favicon, methods=["GET", "HEAD"])]
