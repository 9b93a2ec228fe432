"""`wpcompat import FILE…` and `wpcompat export`: WordPress's WXR files in and out."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from settings import Settings
from wpcompat.cli.base import CommandError, with_storage
from wpcompat.storage import Storage


def register(sub: Any) -> None:
    imp = sub.add_parser("import", help="import WordPress export (WXR) files")
    imp.add_argument("files", nargs="+", metavar="FILE", help="WXR files, imported one after another")
    imp.add_argument(
        "--rewrite-urls",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="replace the old site URL with the new one (content, GUIDs, meta)",
    )
    imp.add_argument("--dry-run", action="store_true", help="report what would be imported; write nothing")
    imp.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    imp.set_defaults(handler=with_storage(_import))
    exp = sub.add_parser("export", help="export the site as a WXR 1.2 file")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    exp.set_defaults(handler=with_storage(_export))


async def _import(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    from wpcompat.wxr.importer import WXRError, import_files

    def warn(message: str) -> None:
        print(f"wpcompat: warning: {message}", file=sys.stderr)

    rewrite = tuple(args.rewrite_urls) if args.rewrite_urls else None
    try:
        report = await import_files(
            storage,
            args.files,
            site_url=settings.site_url,
            dry_run=args.dry_run,
            rewrite_urls=rewrite,
            progress=None if not args.no_progress else False,
            warn=warn,
        )
    except WXRError as error:
        raise CommandError(f"{error} (nothing from this file was imported)") from None
    print(report.summary())
    return 0


async def _export(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    from wpcompat.wxr.exporter import export_wxr

    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="\n") as out:
                await export_wxr(storage, out, site_url=settings.site_url)
        except OSError as error:
            raise CommandError(f"cannot write {args.output}: {error.strerror or error}") from None
        print(f"Success: exported to {args.output}", file=sys.stderr)
    else:
        await export_wxr(storage, sys.stdout, site_url=settings.site_url)
    return 0
