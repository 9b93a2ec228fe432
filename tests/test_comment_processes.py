"""Two worker processes on one database (on SQLite: one file) both accept concurrent comments:
every accepted comment stored once, none lost, and the rules still hold across the processes:
a comment sent by both at the same moment is stored once (the other gets WordPress's duplicate
answer), a re-sent comment is a duplicate whichever process sees it, and the post's
comment_count counts every approved comment.

On SQLite the processes take turns at the write gate (storage/sqlite_pool.py `WriteGate`, a
file lock); on PostgreSQL/MariaDB at the post's row lock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests import comment_worker_process as worker

from .discussion_site import make_site

ROOT = Path(__file__).resolve().parent.parent


def test_two_processes_accept_concurrent_comments_and_the_rules_hold_across_them(settings):
    site = make_site(settings)
    site.set_options(comment_previously_approved="0")
    post_id = site.posts["open"]
    start_at = time.time() + 4.0  # both processes started and warm by then
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.comment_worker_process", settings.database_url, str(post_id),
                          str(n), str(start_at)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in (1, 2)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()[-3000:]
        results.append(json.loads(out.decode().strip().splitlines()[-1]))

    answers = [tuple(a) for r in results for a in r["answers"]]
    by_kind: dict[str, Counter[int]] = {}
    for what, status, _ in answers:
        by_kind.setdefault(what, Counter())[status] += 1
    own = 2 * worker.CLIENTS * worker.PER_CLIENT
    assert by_kind["own"] == {201: own}
    # A re-sent comment is refused, by whichever process it reaches.
    assert by_kind["again"] == {409: 2 * worker.CLIENTS * len(range(0, worker.PER_CLIENT, 4))}
    # Each comment both processes sent at once: stored by one, a duplicate for the other.
    assert by_kind["shared"] == {201: worker.SHARED, 409: worker.SHARED}

    accepted = [comment_id for _, status, comment_id in answers if status == 201]
    rows = site.comments("open")
    assert sorted(accepted) == sorted(r["comment_ID"] for r in rows)  # stored once each, none lost
    contents = [(r["comment_author_email"], r["comment_content"]) for r in rows]
    assert len(contents) == len(set(contents))
    approved = sum(1 for r in rows if r["comment_approved"] == "1")
    assert approved == len(rows)
    assert site.comment_count("open") == approved
