"""Print the structure of a MySQL/MariaDB database (for scripts/in-place-compare.sh).

`mysql_query.py URL --structure` prints, for every table in name order, `TABLE name`, its SHOW
CREATE TABLE without the AUTO_INCREMENT counter (which moves with every insert), and `END`.
Through wpcompat's own driver, so that no mysql client or password on a command line is needed.
"""

from __future__ import annotations

import asyncio
import re
import sys

from databases import Database


async def structure(url: str) -> str:
    db = Database(url)
    await db.connect()
    try:
        rows = await db.fetch_all("SHOW TABLES")
        out = []
        for name in sorted(r[0] for r in rows):
            create = await db.fetch_one(f"SHOW CREATE TABLE `{name}`")
            assert create is not None
            text = re.sub(r" AUTO_INCREMENT=\d+", "", create[1])
            out += [f"TABLE {name}", text, "END"]
        return "\n".join(out) + "\n"
    finally:
        await db.disconnect()


def main() -> None:
    url, what = sys.argv[1], sys.argv[2]
    if what != "--structure":
        raise SystemExit("usage: mysql_query.py URL --structure")
    sys.stdout.write(asyncio.run(structure(url)))


if __name__ == "__main__":
    main()
