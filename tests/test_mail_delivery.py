"""Delivery that loses nothing: the outbox is written with the comment, a stopped SMTP server
only delays mail, a crashed sender's mail is sent by another, two instances on one database
send each mail once; and `wpcompat mail list|retry|test`."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

from settings import Settings
from tests.discussion_site import Site, client, make_site
from tests.fakes.smtp_server import SmtpSink
from wpcompat.cli import main
from wpcompat.mail.compose import Mail, queue
from wpcompat.mail.sender import MailSender, backoff
from wpcompat.storage import Storage, open_storage
from wpcompat.storage import mail as store


def _outbox(site: Site) -> list[dict]:
    return site.rows(lambda t: sa.select(t.metadata.tables[f"{t.prefix}wpc_mail_outbox"]).order_by(sa.text("id")))


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff(n, 30) for n in range(4)] == [30, 60, 120, 240]
    assert backoff(20, 30) == 3600


def test_server_down_delays_mail_and_loses_none(settings: Settings, sink: SmtpSink, monkeypatch) -> None:
    site = make_site(settings)
    site.set_options(admin_email="moderation@exemple.fr")
    sink.stop()  # the port stays ours: the server comes back on it below
    with client(site, monkeypatch, smtp_url=sink.url, mail_retry_seconds=1) as c:
        r = c.post("/wp-json/wp/v2/comments", headers={"User-Agent": "t"}, json={
            "post": site.posts["open"], "author_name": "Zoé", "author_email": "zoe@exemple.fr", "content": "Bonjour"})
        assert r.status_code == 201 and r.json()["status"] == "hold"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(m["attempts"] >= 1 for m in _outbox(site)):
            time.sleep(0.1)
        rows = _outbox(site)
        assert len(rows) == 2 and all(m["status"] == "pending" and m["attempts"] >= 1 and m["last_error"] for m in rows)
        sink.start()
        mails = sink.take(2, timeout=20)
        assert sorted(m.recipients[0] for m in mails) == ["author@exemple.fr", "moderation@exemple.fr"]
        time.sleep(1.5)
        assert sink.received == []  # once each
        assert all(m["status"] == "sent" for m in _outbox(site))


def test_the_outbox_row_commits_with_the_comment(settings: Settings, monkeypatch) -> None:
    """A refused comment (duplicate) leaves no mail behind: same transaction."""
    site = make_site(settings)
    site.set_options(admin_email="moderation@exemple.fr")
    with client(site, monkeypatch) as c:  # log-only transport
        body = {"post": site.posts["open"], "author_name": "Zoé", "author_email": "zoe@exemple.fr", "content": "Deux fois"}
        assert c.post("/wp-json/wp/v2/comments", json=body, headers={"User-Agent": "t"}).status_code == 201
        assert c.post("/wp-json/wp/v2/comments", json=body, headers={"User-Agent": "t"}).status_code == 409
    assert len(_outbox(site)) == 2


async def _queue_mails(storage: Storage, settings: Settings, n: int) -> None:
    for i in range(n):
        await queue(storage, settings, Mail(kind="test", to=f"r{i}@exemple.fr", subject=f"n°{i}", lines=["x"]), "fr")


def test_two_instances_send_each_mail_once(settings: Settings, sink: SmtpSink) -> None:
    settings = replace(settings, smtp_url=sink.url)
    make_site(settings)

    async def main_() -> None:
        a = await open_storage(settings.database_url, settings.table_prefix)
        b = await open_storage(settings.database_url, settings.table_prefix)
        try:
            await _queue_mails(a, settings, 40)
            senders = [MailSender(a, settings), MailSender(b, settings)]

            async def drain(sender: MailSender) -> int:
                total = 0
                while n := await sender.send_due():
                    total += n
                    await asyncio.sleep(0)
                return total

            counts = await asyncio.gather(drain(senders[0]), drain(senders[1]), drain(senders[0]), drain(senders[1]))
            assert sum(counts) == 40
            assert all(r["status"] == "sent" for r in await store.list_mail(a, limit=100))
        finally:
            await a.db.disconnect()
            await b.db.disconnect()

    asyncio.run(main_())
    mails = sink.take(40)
    assert sorted(m.recipients[0] for m in mails) == sorted(f"r{i}@exemple.fr" for i in range(40))
    assert len({m.message["Message-ID"] for m in mails}) == 40


def test_a_crashed_senders_claim_runs_out_and_another_sends(settings: Settings, sink: SmtpSink) -> None:
    settings = replace(settings, smtp_url=sink.url)
    make_site(settings)

    async def main_() -> None:
        storage = await open_storage(settings.database_url, settings.table_prefix)
        try:
            await _queue_mails(storage, settings, 1)
            now = int(time.time())
            claimed = await store.claim(storage, now=now, lease_seconds=60, limit=10)
            assert len(claimed) == 1  # … and this sender dies before sending
            assert await MailSender(storage, settings).send_due() == 0  # leased: nobody else takes it
            t = store.outbox(storage)
            await storage.db.execute(sa.update(t).values(lease_until=now - 1))  # the lease ran out
            assert await MailSender(storage, settings).send_due() == 1
        finally:
            await storage.db.disconnect()

    asyncio.run(main_())
    assert [m.subject for m in sink.take(1)] == ["n°0"]


def test_cli_mail_list_retry_and_test(settings: Settings, sink: SmtpSink, tmp_path: Path, monkeypatch, capsys) -> None:
    site = make_site(replace(settings, database_url=f"sqlite:///{tmp_path / 'cli.db'}"))
    monkeypatch.setenv("DATABASE_URL", site.settings.database_url)
    monkeypatch.setenv("WPCOMPAT_DEMO_IMPORT", "false")
    monkeypatch.setenv("WPCOMPAT_SMTP_URL", sink.url)
    monkeypatch.chdir(tmp_path)

    async def prepare(storage: Storage) -> None:
        await _queue_mails(storage, site.settings, 2)
        await storage.db.execute(sa.update(store.outbox(storage)).values(next_attempt=int(time.time()) + 3600))

    site.run(prepare)
    assert main(["mail", "list", "--status", "pending"]) == 0
    out = capsys.readouterr().out
    assert "r0@exemple.fr" in out and "r1@exemple.fr" in out and "pending" in out
    assert main(["mail", "retry"]) == 0
    assert "2 pending mail(s)" in capsys.readouterr().out
    assert all(r["next_attempt"] <= time.time() for r in _outbox(site))
    assert main(["mail", "test", "moi@exemple.fr"]) == 0
    assert "moi@exemple.fr" in capsys.readouterr().out
    assert [m.recipients for m in sink.take(1)] == [["moi@exemple.fr"]]
    assert main(["mail", "test", "nobody"]) != 0  # not an address: said, not a traceback
    assert "could not be built" in capsys.readouterr().err
    monkeypatch.setenv("WPCOMPAT_SMTP_URL", "http://nope")
    assert main(["mail", "list"]) == 2
    assert "WPCOMPAT_SMTP_URL" in capsys.readouterr().err


def test_mails_queued_in_a_burst_go_out_in_one_pass(settings: Settings, sink: SmtpSink) -> None:
    """A stream of comments wakes the sender for each mail: the mails queued while it gathers
    are claimed together (one claim per batch, not per mail)."""
    settings = replace(settings, smtp_url=sink.url)
    make_site(settings)
    passes: list[int] = []

    class Counting(MailSender):
        async def send_due(self) -> int:
            sent = await super().send_due()
            passes.append(sent)
            return sent

    async def main_() -> None:
        storage = await open_storage(settings.database_url, settings.table_prefix)
        sender = Counting(storage, settings, poll_seconds=30)
        try:
            sender.start()
            await asyncio.sleep(0.1)  # its first pass: nothing due
            for i in range(4):
                await queue(storage, settings, Mail(kind="test", to=f"r{i}@exemple.fr", subject=f"n°{i}", lines=["x"]), "fr")
                sender.wake()
                await asyncio.sleep(0.01)  # a comment every 10 ms
            for _ in range(100):
                if sum(passes) == 4:
                    break
                await asyncio.sleep(0.05)
        finally:
            await sender.stop()
            await storage.db.disconnect()

    asyncio.run(main_())
    assert sorted(m.subject for m in sink.take(4)) == [f"n°{i}" for i in range(4)]
    assert [n for n in passes if n] == [4]
