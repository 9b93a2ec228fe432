"""The mails as built (wpcompat/mail/compose.py): what a mail reader parses back out of the
text stored in the outbox, whatever the names, titles and links hold."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import SMTP

import pytest

from settings import load_settings
from wpcompat.mail.compose import _WIRE, Mail, build


def _settings():
    return load_settings(None, {"WPCOMPAT_SITE_URL": "http://blog.example.test", "DATABASE_URL": "sqlite:///:memory:"})


def _wire(mail: Mail) -> str:
    return build(mail, _settings(), "fr").as_string(maxheaderlen=78, policy=_WIRE)


def test_headers_and_parts_read_back_as_written() -> None:
    title = "Appel à témoignages : vos projets coopératifs " + "très long " * 12
    token = "x" * 220
    mail = Mail(
        kind="moderation", to="Modératrice <admin@blog.example.test>", subject=f'[Le blog] Please moderate: "{title}"',
        lines=[f'A new comment on "{title}"\nhttp://blog.example.test/?p=15', "Comment: " + "é" * 400 + "=" * 90, "."],
        from_name='Lucie Invitée, "la" <x>', reply_to="Lucie Invitée <lucie@example.test>",
        unsubscribe_url=f"http://blog.example.test/u?t={token}",
        links=[("Approve it:", f"http://blog.example.test/wpcompat/mail/moderate?t={token}")],
    )
    raw = _wire(mail)
    assert "\n" not in raw.replace("\r\n", "")  # CRLF only, as SMTP wants
    head = raw.split("\r\n\r\n", 1)[0].split("\r\n")
    # Folded to 78 columns, but for a link no fold can break, kept on its header's line.
    assert [line for line in head if len(line) > 78] == [f"List-Unsubscribe: <http://blog.example.test/u?t={token}>"]
    assert all(line.isascii() for line in raw.split("\r\n"))
    parsed = BytesParser(policy=SMTP).parsebytes(raw.encode("ascii"))
    assert str(parsed["Subject"]) == f'[Le blog] Please moderate: "{title}"'
    assert parsed["From"].addresses[0].display_name == 'Lucie Invitée, "la" <x>'
    assert parsed["From"].addresses[0].addr_spec == "wordpress@blog.example.test"
    assert parsed["To"].addresses[0].display_name == "Modératrice"
    assert parsed["Reply-To"].addresses[0].addr_spec == "lucie@example.test"
    assert parsed["List-Unsubscribe"] == f"<http://blog.example.test/u?t={token}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain == (
        f'A new comment on "{title}"\nhttp://blog.example.test/?p=15\n\nComment: ' + "é" * 400 + "=" * 90
        + f"\n\n.\n\nApprove it: http://blog.example.test/wpcompat/mail/moderate?t={token}\n"
    )
    html = parsed.get_body(("html",)).get_content()
    assert "<p>Comment: " + "é" * 400 + "=" * 90 + "</p>" in html
    assert f'<a href="http://blog.example.test/wpcompat/mail/moderate?t={token}"' in html


@pytest.mark.parametrize("to", ["", "nobody", "jé@example.test"])
def test_a_recipient_that_cannot_be_sent_to_is_refused(to: str) -> None:
    with pytest.raises(ValueError):
        _wire(Mail(kind="comment", to=to, subject="s", lines=["x"]))


def test_a_line_break_in_a_name_never_makes_a_header() -> None:
    raw = _wire(Mail(kind="comment", to="a@example.test", subject="hi\r\nBcc: evil@example.test", lines=["x"],
                     from_name="Eve\nBcc: evil@example.test"))
    parsed = BytesParser(policy=SMTP).parsebytes(raw.encode("ascii"))
    assert parsed["Bcc"] is None
    assert str(parsed["Subject"]) == "hi Bcc: evil@example.test"
