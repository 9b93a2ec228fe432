"""Shared helpers of the populate scripts of our own oracle sites (stdlib only).

Each site's populate.py fills a freshly installed WordPress (tests/oracle_sites/setup-site.sh)
through its REST API as the admin, on the model of the oracle's populate.py; what REST cannot
set (discussion options, permalinks, a raw gmt_offset) goes through the oracle's
lib/wp-tool.php, run for this site (WORDPRESS_CONFIG selects its config file).
"""
import json
import os
import struct
import subprocess
import sys
import zlib

sys.dont_write_bytecode = True
ORACLE_DIR = os.environ.get("ORACLE_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "oracle")
if not os.path.exists(os.path.join(ORACLE_DIR, "lib", "wphttp.py")):
    ORACLE_DIR = "/work/shared/oracle"
sys.path.insert(0, os.path.join(ORACLE_DIR, "lib"))
from wphttp import Client, read_env, state_dir, write_env_value  # noqa: E402


class Site:
    def __init__(self):
        self.env = read_env(os.path.join(state_dir(), ".env-wp"))
        self.base = self.env["WP_URL"]
        self.admin = (self.env["WP_ADMIN_USER"], self.env["WP_APP_PASSWORD"])
        self.client = Client(self.base)
        self.ids = {}
        self.auth = {"admin": self.admin}

    def api(self, method, path, auth="admin", expect=(200, 201), **kw):
        creds = self.auth[auth] if isinstance(auth, str) else auth
        r = self.client.request(method, "/wp-json" + path, auth=creds, **kw)
        if r.status not in expect:
            sys.exit(f"populate: {method} {path} -> {r.status} {r.text[:600]}")
        return r.json()

    def wptool(self, *args):
        hostport = self.base.split("://", 1)[1]
        env = {**os.environ, "WORDPRESS_CONFIG": self.env["WORDPRESS_CONFIG"], "WP_HOSTPORT": hostport}
        out = subprocess.run(["php", "-d", "display_errors=stderr", os.path.join(ORACLE_DIR, "lib", "wp-tool.php"),
                              *args], env=env, check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def set_options(self, **options):
        for name, value in options.items():
            self.wptool("set-option", name, str(value))

    def user(self, key, login, email, first, last, role, env_kind=None):
        found = self.api("GET", "/wp/v2/users", params={"search": login, "context": "edit", "roles": role})
        if found:
            uid = found[0]["id"]
        else:
            uid = self.api("POST", "/wp/v2/users", json_body={
                "username": login, "email": email, "password": os.urandom(12).hex(),
                "first_name": first, "last_name": last, "name": f"{first} {last}", "roles": [role]})["id"]
        ap = self.api("POST", f"/wp/v2/users/{uid}/application-passwords", json_body={"name": "oracle"})
        self.auth[key] = (login, ap["password"])
        self.ids[f"user_{key}"] = uid
        if env_kind:
            write_env_value(f"WP_{env_kind.upper()}_USER", login)
            write_env_value(f"WP_{env_kind.upper()}_APP_PASSWORD", ap["password"])
        return uid

    def upload(self, filename, data, mime, post=None, **fields):
        params = {"post": post} if post else None
        media = self.api("POST", "/wp/v2/media", params=params, data=data, headers={
            "Content-Type": mime, "Content-Disposition": f'attachment; filename="{filename}"'})
        if fields:
            self.api("POST", f"/wp/v2/media/{media['id']}", json_body=fields)
        return media["id"]

    def write_ids(self):
        path = os.path.join(state_dir(), "ids.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.ids, f, indent=1, sort_keys=True)
        print(f"populate: wrote {path} ({len(self.ids)} ids)", file=sys.stderr)


def make_png(w, h, seed):
    """An RGB PNG of w x h (stripes whose colours depend on seed), pure stdlib."""
    rows = []
    for y in range(h):
        row = bytearray(b"\x00")
        for x in range(w):
            row += bytes(((x * seed) % 256, (y * 3 + seed * 40) % 256, ((x + y) * seed) % 256))
        rows.append(bytes(row))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def make_wav(seconds=1):
    """A silent 8 kHz mono WAV (WordPress reads its length into the attachment metadata)."""
    frames = b"\x80" * (8000 * seconds)
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 8000, 1, 8)
    return (b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVEfmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", len(frames)) + frames)
