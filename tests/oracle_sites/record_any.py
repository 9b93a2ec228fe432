#!/usr/bin/env python3
"""The oracle's record.py, for a site whose REST API may live at /?rest_route= (plain permalinks).

record.py probes GET /wp-json/ (the site's time zone) and /feed/ (WordPress's version) before
recording; a site with plain permalinks answers those at /?rest_route=/ and /?feed=rss2. This
runs record.py unchanged except for those two probes. Same arguments as record.py.
"""
import importlib.util
import os
import sys

sys.dont_write_bytecode = True
ORACLE_DIR = os.environ.get("ORACLE_DIR") or "/work/shared/oracle"
spec = importlib.util.spec_from_file_location("oracle_record", os.path.join(ORACLE_DIR, "record.py"))
record = importlib.util.module_from_spec(spec)
sys.path.insert(0, os.path.join(ORACLE_DIR, "lib"))
spec.loader.exec_module(record)
_send = record.send
PLAIN = os.environ.get("PLAIN_PERMALINKS") == "1"


def send(client, entry, *args, **kwargs):
    if PLAIN and entry.get("name") == "probe":
        entry = {**entry, "path": "/", "params": {"rest_route": "/"}}
    elif PLAIN and entry.get("name") == "v":
        entry = {**entry, "path": "/", "params": {"feed": "rss2"}}
    return _send(client, entry, *args, **kwargs)


record.send = send
if __name__ == "__main__":
    sys.exit(record.main())
