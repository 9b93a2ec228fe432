"""`wpcompat option get|set|list|delete`: WordPress's site options."""

from __future__ import annotations

import argparse
import json
from typing import Any

from settings import Settings
from wpcompat.cli.base import CommandError, with_storage
from wpcompat.storage import Storage
from wpcompat.storage.options import delete_option, get_option, load_options, set_option
from wpcompat.util.phpserial import loads_maybe


def register(sub: Any) -> None:
    parser = sub.add_parser("option", help="read and change site options")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    get = actions.add_parser("get", help="print an option's value")
    get.add_argument("name")
    get.add_argument("--json", action="store_true", help="print arrays and objects as JSON")
    get.set_defaults(handler=with_storage(_get))
    set_ = actions.add_parser("set", help="set an option")
    set_.add_argument("name")
    set_.add_argument("value")
    set_.add_argument("--json", action="store_true", help="VALUE is JSON; arrays are stored serialized")
    set_.set_defaults(handler=with_storage(_set))
    list_ = actions.add_parser("list", help="list every option")
    list_.set_defaults(handler=with_storage(_list))
    delete = actions.add_parser("delete", help="delete an option")
    delete.add_argument("name")
    delete.set_defaults(handler=with_storage(_delete))


async def _get(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    value = await get_option(storage, args.name)
    if value is None:
        raise CommandError(f"could not get '{args.name}' option: it does not exist")
    if args.json:
        print(json.dumps(loads_maybe(value), ensure_ascii=False))
    else:
        print(value)
    return 0


async def _set(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    value: Any = args.value
    if args.json:
        try:
            value = json.loads(args.value)
        except json.JSONDecodeError as error:
            raise CommandError(f"VALUE is not valid JSON: {error}") from None
    await set_option(storage, args.name, value)
    print(f"Success: updated '{args.name}' option.")
    return 0


async def _list(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    for name, value in sorted((await load_options(storage)).items()):
        print(f"{name}\t{value}")
    return 0


async def _delete(storage: Storage, settings: Settings, args: argparse.Namespace) -> int:
    if not await delete_option(storage, args.name):
        raise CommandError(f"could not delete '{args.name}' option: it does not exist")
    print(f"Success: deleted '{args.name}' option.")
    return 0
