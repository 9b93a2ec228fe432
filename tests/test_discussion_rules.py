"""The approval decision (wp_allow_comment / check_comment / the disallowed list), pure."""

from __future__ import annotations

import pytest

from wpcompat.discussion import rules
from wpcompat.discussion.rules import APPROVED, HOLD, TRASH, Candidate, DiscussionOptions, decide

OPTS = DiscussionOptions(comment_moderation=False, comment_max_links=2, moderation_keys="", disallowed_keys="",
                         previously_approved=True)
GUEST = Candidate(author="Gaëlle", email="gaelle@exemple.fr", url="", content="Bonjour", ip="10.0.0.1",
                  agent="Firefox")


def with_opts(**changes) -> DiscussionOptions:
    return DiscussionOptions(**{**OPTS.__dict__, **changes})


def test_first_time_guest_is_held_returning_guest_approved():
    assert decide(GUEST, OPTS, trusted=False, approved_before=False) == HOLD
    assert decide(GUEST, OPTS, trusted=False, approved_before=True) == APPROVED
    assert decide(GUEST, with_opts(previously_approved=False), trusted=False, approved_before=False) == APPROVED


def test_empty_name_or_email_never_counts_as_known():
    nameless = Candidate(**{**GUEST.__dict__, "author": ""})
    assert not rules.needs_history(nameless, OPTS)
    assert decide(nameless, OPTS, trusted=False, approved_before=True) == HOLD


def test_trusted_commenters_skip_every_check():
    spammy = Candidate(**{**GUEST.__dict__, "content": "viagra http://a.example http://b.example"})
    opts = with_opts(comment_moderation=True, disallowed_keys="viagra", moderation_keys="viagra")
    assert decide(spammy, opts, trusted=True, approved_before=False) == APPROVED


def test_manual_moderation_holds_everything():
    assert decide(GUEST, with_opts(comment_moderation=True), trusted=False, approved_before=True) == HOLD


@pytest.mark.parametrize(("content", "max_links", "expected"), [
    ("un <a href='https://a.example'>lien</a>", 2, APPROVED),
    ("<a href='https://a.example'>1</a> <a href=\"https://b.example\">2</a>", 2, HOLD),
    # Bare URLs count: check_comment() runs the comment_text filters (make_clickable) first.
    ("https://a.example et www.b.example", 2, HOLD),
    ("https://a.example", 1, HOLD),
    ("https://a.example https://b.example https://c.example", 0, APPROVED),  # 0 = no limit
])
def test_link_limit(content, max_links, expected):
    c = Candidate(**{**GUEST.__dict__, "content": content})
    assert decide(c, with_opts(comment_max_links=max_links), trusted=False, approved_before=True) == expected


@pytest.mark.parametrize("field", ["author", "email", "url", "content", "ip", "agent"])
def test_moderation_keys_match_any_field_case_insensitively(field):
    value = {"ip": "192.168.1.7", "agent": "EvilBot/2"}.get(field, "Achetez du CASINO ici")
    c = Candidate(**{**GUEST.__dict__, field: value})
    keys = "\n  \nrien\ncasino\n" if field not in ("ip", "agent") else {"ip": "192.168.1", "agent": "evilbot"}[field]
    assert decide(c, with_opts(moderation_keys=keys), trusted=False, approved_before=True) == HOLD


def test_moderation_key_zero_line_is_skipped_like_php_empty():
    c = Candidate(**{**GUEST.__dict__, "content": "0 problème"})
    assert decide(c, with_opts(moderation_keys="0"), trusted=False, approved_before=True) == APPROVED


def test_disallowed_keys_trash_even_behind_html():
    c = Candidate(**{**GUEST.__dict__, "content": "cas<b></b>ino"})
    assert decide(c, with_opts(disallowed_keys="casino"), trusted=False, approved_before=True) == TRASH
    c = Candidate(**{**GUEST.__dict__, "ip": "203.0.113.9"})
    assert decide(c, with_opts(disallowed_keys="203.0.113."), trusted=False, approved_before=True) == TRASH


def test_unicode_keys():
    c = Candidate(**{**GUEST.__dict__, "content": "ÉCONOMIE"})
    assert decide(c, with_opts(moderation_keys="économie"), trusted=False, approved_before=True) == HOLD


def test_flood_and_lengths():
    assert rules.is_flood(100.0, 114.9) and not rules.is_flood(100.0, 115.0) and not rules.is_flood(None, 1.0)
    assert rules.length_error({"comment_author": "é" * 123}) == (
        "comment_author_column_length", "<strong>Error:</strong> Your name is too long.")  # 246 bytes
    assert rules.length_error({"comment_author": "é" * 122, "comment_content": "x" * 65525}) is None
