#!/usr/bin/env python3
"""Build a wpcompat site that holds what the WordPress oracle holds, through the wpcompat CLI only.

Usage: scripts/oracle-site.sh [--site-url URL] [--database-url URL] [--auth-env FILE] [--strict]

The oracle (../shared/oracle, or $ORACLE_DIR) documents in README.md what a re-implementation
needs to answer like it: import export.wxr.xml keeping the ids, then extras.wxr.xml, then apply
site.json (options, users, Application Passwords for the users the golden requests log in as,
comment user agents). This script does exactly that, and nothing but `wpcompat ...` commands:
it never writes to the database itself, so it also checks that the CLI can do the job.

Output: the site in DATABASE_URL (default: a fresh var/oracle-site/site.db), and an env file
(default var/oracle-site/auth.env) in the oracle's .env-wp format (WP_ADMIN_USER,
WP_APP_PASSWORD, WP_AUTHOR_USER, ...), which compare.py reads with `--env FILE`;
scripts/oracle-compare.sh turns it into `--auth admin=USER:PASSWORD ...` as well.

What the CLI cannot set yet is printed as "GAP: ..." on stderr and listed at the end; the exit
status stays 0 unless --strict is given. A missing command the job needs (import, option,
user, app-password) is an error (exit 1).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The golden requests log in as three kinds of user (site.json "auth"); compare.py reads their
# credentials under these .env-wp keys (see the oracle's lib/replay.py auth_table).
ENV_KEYS = {
    "admin": ("WP_ADMIN_USER", "WP_APP_PASSWORD"),
    "author": ("WP_AUTHOR_USER", "WP_AUTHOR_APP_PASSWORD"),
    "subscriber": ("WP_SUBSCRIBER_USER", "WP_SUBSCRIBER_APP_PASSWORD"),
}
APP_PASSWORD_NAME = "oracle-compare"

# site.json user field -> the `wpcompat user update/create` flags that may set it, first match
# wins. The CLI is written in parallel with this script, so the flags are read from its --help.
USER_FLAGS = {
    "role": ("--role",),
    "email": ("--email", "--user-email"),
    "url": ("--url", "--user-url"),
    "description": ("--description",),
    "first_name": ("--first-name",),
    "last_name": ("--last-name",),
    "nickname": ("--nickname",),
    "display_name": ("--display-name",),
    "nicename": ("--nicename", "--user-nicename"),
    "registered": ("--registered", "--user-registered"),
}
COMMENT_AGENT_FLAGS = ("--agent", "--user-agent", "--comment-agent", "--author-user-agent")

# A PHP-serialized array/object as stored in wp_options (site.json gives those decoded too).
SERIALIZED = re.compile(r"^(a|O):\d+:")


class Failure(Exception):
    """The site cannot be built: one line for the user."""


class Cli:
    """Runs `wpcompat` against one site: same DATABASE_URL and site URL for every command."""

    def __init__(self, exe: str, database_url: str, site_url: str, workdir: str) -> None:
        self.exe = exe
        # Only what defines the site is passed; the working directory is an empty folder so a
        # developer's .env (read from the current directory) cannot point elsewhere.
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "WPCOMPAT_SITE_URL": site_url,
            "WPCOMPAT_WP_VERSION": "6.1",
            "WPCOMPAT_DEMO_IMPORT": "false",
        }
        self.workdir = workdir
        self._help: dict[tuple[str, ...], str | None] = {}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [self.exe, *args], cwd=self.workdir, env=self.env, capture_output=True, text=True, check=False
        )
        if check and proc.returncode != 0:
            raise Failure(f"`wpcompat {' '.join(args)}` exited {proc.returncode}: {_last_lines(proc)}")
        return proc

    def help(self, *command: str) -> str | None:
        """The --help text of a sub-command, or None when the CLI does not have it."""
        if command not in self._help:
            proc = self.run(*command, "--help", check=False)
            self._help[command] = proc.stdout if proc.returncode == 0 else None
        return self._help[command]

    def flags(self, *command: str) -> set[str]:
        return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", self.help(*command) or ""))

    def require(self, *command: str) -> None:
        if self.help(*command) is None:
            raise Failure(f"this wpcompat has no `wpcompat {' '.join(command)}` command yet")


def _last_lines(proc: subprocess.CompletedProcess[str], n: int = 3) -> str:
    lines = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
    return " | ".join(lines[-n:]) or "(no output)"


def step(msg: str) -> None:
    print(f"oracle-site: {msg}", file=sys.stderr, flush=True)


def rebase(value: str, oracle_url: str, site_url: str) -> str:
    """The oracle's base URL inside a value becomes ours (siteurl, home, the admin's url)."""
    return value.replace(oracle_url, site_url)


def import_wxr(cli: Cli, oracle: Path, oracle_url: str, site_url: str) -> None:
    cli.require("import")
    for name in ("export.wxr.xml", "extras.wxr.xml"):
        # Links, guids and the admin's url hold the oracle's base URL: they must name ours, as
        # WordPress's own answers name the URL it is served at (compare.py then maps both
        # sides' base URL to "{BASE}").
        proc = cli.run("import", str(oracle / name), "--rewrite-urls", oracle_url, site_url)
        step(f"imported {name}:")
        # The importer's summary (counts) and its warnings: what did not come across.
        for line in (proc.stdout + proc.stderr).strip().splitlines():
            print(f"    {line}", file=sys.stderr)


def current_options(cli: Cli) -> dict[str, str]:
    """The site's options as `wpcompat option list` prints them (NAME<TAB>VALUE lines).

    Only used to skip setting what already holds the wanted value (each command is a process,
    ~0.5 s): a value this parsing gets wrong is simply set again.
    """
    if cli.help("option", "list") is None:
        return {}
    out = cli.run("option", "list").stdout
    return dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)


def apply_options(cli: Cli, site: dict, site_url: str) -> None:
    cli.require("option", "set")
    oracle_url = site["base_url"]
    absent = set(site.get("options_absent", []))
    decoded = site.get("options_decoded", {})
    current = current_options(cli)
    changed = []
    for name, value in site["options"].items():
        if value is None or name in absent:
            continue  # no row in the oracle: deleted below
        if isinstance(value, str) and SERIALIZED.match(value):
            # Arrays go in as JSON; the CLI stores them PHP-serialized, as WordPress does.
            if name not in decoded:
                raise Failure(f"option {name} is serialized but site.json has no options_decoded entry")
            if current.get(name) != value:
                cli.run("option", "set", name, "--json", json.dumps(decoded[name], ensure_ascii=False))
                changed.append(name)
        else:
            wanted = rebase(str(value), oracle_url, site_url)
            if current.get(name) != wanted:
                cli.run("option", "set", name, wanted)
                changed.append(name)
    removed = []
    for name in sorted(absent):
        # `option delete` fails on a missing option; only existing ones are deleted.
        present = name in current if current else cli.run("option", "get", name, check=False).returncode == 0
        if present:
            cli.run("option", "delete", name)
            removed.append(name)
    step(f"options: set {len(changed)} ({', '.join(changed) or 'none'}); the others already matched")
    step(f"options: deleted {len(removed)} ({', '.join(removed) or 'none present'})")


def user_args(cli: Cli, user: dict, oracle_url: str, site_url: str, gaps: list[str]) -> list[str]:
    """`user update` flags for the fields of site.json's user that the CLI can set."""
    available = cli.flags("user", "update")
    args: list[str] = []
    for field, candidates in USER_FLAGS.items():
        if field not in user:
            continue
        flag = next((f for f in candidates if f in available), None)
        if flag is None:
            gaps.append(
                f"user {user['login']}: `user update` has no flag for {field} ({'/'.join(candidates)})"
            )
            continue
        value = user[field]
        if field == "url":
            value = rebase(value, oracle_url, site_url)
        args += [flag, str(value)]
    return args


def apply_users(cli: Cli, site: dict, site_url: str, gaps: list[str]) -> None:
    cli.require("user", "update")
    oracle_url = site["base_url"]
    for user in site["users"]:
        login = user["login"]
        # Import creates the users listed in the WXR files (all three with extras.wxr.xml), with
        # their ids; update gives them what WXR has no element for (role, url, description...).
        # Only a user the import did not create is created here (its id may then differ).
        args = user_args(cli, user, oracle_url, site_url, gaps)
        update = cli.run("user", "update", login, *args, check=False)
        if update.returncode == 0:
            step(f"updated user {login} (id {user['id']}, {user['role']})")
            continue
        cli.require("user", "create")
        # wp-cli's form is `user create LOGIN EMAIL`; the e-mail goes positionally unless the
        # CLI takes it as a flag. The golden answers name users by id: keep the oracle's id
        # when the CLI can. The other fields are then set by the same update as above.
        create_flags = cli.flags("user", "create")
        create_args = ["--email", user["email"]] if "--email" in create_flags else [user["email"]]
        if "--id" in create_flags:
            create_args += ["--id", str(user["id"])]
        create = cli.run("user", "create", login, *create_args, check=False)
        if create.returncode != 0:
            raise Failure(
                f"user {login}: update failed ({_last_lines(update)}), create failed ({_last_lines(create)})"
            )
        cli.run("user", "update", login, *args)
        step(f"created user {login} (not in the WXR files)")
        if "--id" not in create_flags:
            gaps.append(f"user {login} was created without `--id`: its id may not be {user['id']}")


def create_app_passwords(cli: Cli, site: dict, site_url: str, auth_env: Path) -> None:
    cli.require("app-password", "create")
    lines = [
        "# Application Passwords of the wpcompat oracle site, written by scripts/oracle-site.sh.",
        "# The oracle's .env-wp format: ../shared/oracle/compare.py --env FILE reads it.",
        f"WP_URL={site_url}",
    ]
    for kind, login in site["auth"].items():
        if kind not in ENV_KEYS:
            raise Failure(f"site.json auth kind {kind!r} is unknown to compare.py")
        proc = cli.run("app-password", "create", login, APP_PASSWORD_NAME)
        out = proc.stdout.strip().splitlines()
        if not out or not out[-1].strip():
            raise Failure(f"`wpcompat app-password create {login}` printed no password")
        user_key, pw_key = ENV_KEYS[kind]
        lines += [f"{user_key}={login}", f"{pw_key}={out[-1].strip()}"]
        step(f"Application Password for {login} ({kind})")
    auth_env.parent.mkdir(parents=True, exist_ok=True)
    # Secrets, even if only loopback ones: not world-readable.
    fd = os.open(auth_env, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    step(f"wrote {auth_env}")


def apply_comment_agents(cli: Cli, site: dict, gaps: list[str]) -> None:
    agents = site.get("comment_agents") or {}
    flag = next((f for f in COMMENT_AGENT_FLAGS if f in cli.flags("comment", "update")), None)
    if flag is None:
        # WXR has no element for comment_agent, and there is no CLI for it yet: the REST field
        # author_user_agent (edit context) stays empty. Never written behind the CLI's back.
        gaps.append(
            f"comment_agents: no `wpcompat comment update ID {COMMENT_AGENT_FLAGS[0]} UA` yet; "
            f"{len(agents)} comments keep an empty author_user_agent"
        )
        return
    for comment_id, agent in agents.items():
        cli.run("comment", "update", str(comment_id), flag, agent)
    step(f"set the user agent of {len(agents)} comments")


def default_wpcompat() -> str:
    venv = REPO / ".venv" / "bin" / "wpcompat"
    if venv.exists():
        return str(venv)
    found = shutil.which("wpcompat")
    if not found:
        raise Failure("no wpcompat: run `make install` (or set WPCOMPAT_BIN)")
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--oracle-dir",
        default=os.environ.get("ORACLE_DIR") or str(REPO.parent / "shared" / "oracle"),
        help="the oracle folder (default $ORACLE_DIR or ../shared/oracle)",
    )
    ap.add_argument(
        "--site-url",
        default=os.environ.get("WPCOMPAT_SITE_URL") or "http://127.0.0.1:8000",
        help="the URL the site will be served at (default $WPCOMPAT_SITE_URL or http://127.0.0.1:8000)",
    )
    ap.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="where to build the site (default $DATABASE_URL, else a fresh var/oracle-site/site.db)",
    )
    ap.add_argument("--auth-env", help="the credentials file to write (default var/oracle-site/auth.env)")
    ap.add_argument("--wpcompat", default=os.environ.get("WPCOMPAT_BIN"), help="the wpcompat executable")
    ap.add_argument("--strict", action="store_true", help="exit 1 when something could not be set (a GAP)")
    a = ap.parse_args(argv)

    oracle = Path(a.oracle_dir).resolve()
    site_url = a.site_url.rstrip("/")
    out_dir = REPO / "var" / "oracle-site"
    auth_env = Path(a.auth_env) if a.auth_env else out_dir / "auth.env"
    try:
        if not (oracle / "site.json").is_file():
            raise Failure(f"{oracle}/site.json not found (set ORACLE_DIR to the oracle folder)")
        site = json.loads((oracle / "site.json").read_text(encoding="utf-8"))
        database_url = a.database_url
        if not database_url:
            # The default is always a fresh site: an import into a used one would merge.
            out_dir.mkdir(parents=True, exist_ok=True)
            db = out_dir / "site.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            database_url = f"sqlite:///{db}"
        gaps: list[str] = []
        with tempfile.TemporaryDirectory(prefix="oracle-site-") as workdir:
            cli = Cli(a.wpcompat or default_wpcompat(), database_url, site_url, workdir)
            step(f"building {database_url} for {site_url} from {oracle}")
            import_wxr(cli, oracle, site["base_url"], site_url)
            apply_options(cli, site, site_url)
            apply_users(cli, site, site_url, gaps)
            create_app_passwords(cli, site, site_url, auth_env)
            apply_comment_agents(cli, site, gaps)
    except Failure as e:
        print(f"oracle-site: error: {e}", file=sys.stderr)
        return 1
    for gap in gaps:
        print(f"oracle-site: GAP: {gap}", file=sys.stderr)
    step(f"done ({len(gaps)} gap(s)); credentials in {auth_env}")
    return 1 if gaps and a.strict else 0


if __name__ == "__main__":
    sys.exit(main())
