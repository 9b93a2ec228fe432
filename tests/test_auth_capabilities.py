"""Roles × capabilities, as WordPress's map_meta_cap answers them on a single site."""

from __future__ import annotations

import pytest

from auth.accounts import UserFields, create_user, update_user
from auth.capabilities import (
    User,
    can_assign_terms,
    can_create_posts,
    can_delete_post,
    can_delete_term,
    can_edit_comment,
    can_edit_post,
    can_edit_posts,
    can_edit_user,
    can_list_users,
    can_manage_app_passwords,
    can_moderate_comments,
    can_publish,
    can_read_post,
    can_read_private,
    can_view_post,
    has_cap,
    load_user,
    load_user_by_login,
    resolve_capabilities,
    unfiltered_html,
)
from wpcompat.storage.options import DEFAULT_ROLES, roles_option_name, set_option
from wpcompat.storage.users import update_user_meta

ROLES = ("administrator", "editor", "author", "contributor", "subscriber")
ME, OTHER = 10, 20


def make_user(role: str | None, user_id: int = ME) -> User | None:
    if role is None:
        return None
    roles, caps = resolve_capabilities({role: True}, DEFAULT_ROLES)
    return User(id=user_id, login=role, email=f"{role}@example.org", display_name=role, nicename=role,
                url="", registered="2020-01-01 00:00:00", roles=roles, capabilities=caps)


def post(status: str = "publish", author: int = ME, post_type: str = "post", post_id: int = 5) -> dict:
    return {"ID": post_id, "post_author": author, "post_status": status, "post_type": post_type,
            "post_parent": 0}


ALL = (*ROLES, None)


def _row(a: bool, e: bool, au: bool, c: bool, s: bool, anon: bool) -> dict[str | None, bool]:
    return dict(zip(ALL, (a, e, au, c, s, anon), strict=True))


# (what, post, expected for administrator, editor, author, contributor, subscriber, anonymous)
MATRIX = [
    ("read published", can_read_post, post(author=OTHER), _row(True, True, True, True, True, False)),
    ("read others' private", can_read_post, post("private", OTHER),
     _row(True, True, False, False, False, False)),
    ("read own private", can_read_post, post("private", ME), _row(True, True, True, True, True, False)),
    ("read others' draft", can_read_post, post("draft", OTHER), _row(True, True, False, False, False, False)),
    ("read own draft", can_read_post, post("draft", ME), _row(True, True, True, True, True, False)),
    ("edit own draft", can_edit_post, post("draft", ME), _row(True, True, True, True, False, False)),
    ("edit own published", can_edit_post, post("publish", ME), _row(True, True, True, False, False, False)),
    ("edit others' published", can_edit_post, post("publish", OTHER),
     _row(True, True, False, False, False, False)),
    ("edit others' draft", can_edit_post, post("draft", OTHER), _row(True, True, False, False, False, False)),
    ("edit others' private", can_edit_post, post("private", OTHER),
     _row(True, True, False, False, False, False)),
    ("edit own pending", can_edit_post, post("pending", ME), _row(True, True, True, True, False, False)),
    ("edit own scheduled", can_edit_post, post("future", ME), _row(True, True, True, False, False, False)),
    ("edit own page", can_edit_post, post("draft", ME, "page"), _row(True, True, False, False, False, False)),
    ("read others' private page", can_read_post, post("private", OTHER, "page"),
     _row(True, True, False, False, False, False)),
    ("delete own draft", can_delete_post, post("draft", ME), _row(True, True, True, True, False, False)),
    ("delete own published", can_delete_post, post("publish", ME),
     _row(True, True, True, False, False, False)),
    ("delete others' published", can_delete_post, post("publish", OTHER),
     _row(True, True, False, False, False, False)),
]


@pytest.mark.parametrize(("what", "check", "row", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_post_matrix(what, check, row, expected) -> None:
    for role, allowed in expected.items():
        assert check(make_user(role), row) is allowed, f"{what}: {role}"


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (can_moderate_comments, _row(True, True, False, False, False, False)),
        (can_list_users, _row(True, False, False, False, False, False)),
        (unfiltered_html, _row(True, True, False, False, False, False)),
        (can_read_private, _row(True, True, False, False, False, False)),
        (can_edit_posts, _row(True, True, True, True, False, False)),
        (can_publish, _row(True, True, True, False, False, False)),
        (can_create_posts, _row(True, True, True, True, False, False)),
        (can_assign_terms, _row(True, True, True, True, False, False)),
    ],
)
def test_role_matrix(check, expected) -> None:
    for role, allowed in expected.items():
        assert check(make_user(role)) is allowed, f"{check.__name__}: {role}"


def test_pages_use_page_capabilities() -> None:
    author = make_user("author")
    assert can_publish(author, "post") and not can_publish(author, "page")
    assert not can_create_posts(author, "page") and can_create_posts(author, "attachment")
    assert not can_create_posts(make_user("contributor"), "attachment")  # upload_files


def test_theme_types_need_edit_theme_options() -> None:
    template = post("publish", OTHER, "wp_template")
    assert can_edit_post(make_user("administrator"), template)
    assert not can_edit_post(make_user("editor"), template)


def test_view_post_rest_rule_lets_anonymous_read_published() -> None:
    assert can_view_post(None, post(author=OTHER))
    assert not can_view_post(None, post("draft", OTHER))
    assert not can_view_post(None, post("private", OTHER))
    attachment = {**post("inherit", OTHER, "attachment"), "post_parent": 7}
    assert can_view_post(None, attachment, parent=post(author=OTHER, post_id=7))
    assert not can_view_post(None, attachment, parent=post("draft", OTHER, post_id=7))
    assert can_view_post(None, {**attachment, "post_parent": 0})


def test_revisions_follow_their_parent() -> None:
    revision = post("inherit", ME, "revision")
    assert can_read_post(make_user("author"), revision, parent=post("draft", ME))
    assert not can_read_post(make_user("author"), revision, parent=post("draft", OTHER))
    assert not can_delete_post(make_user("administrator"), revision)


def test_trashed_and_special_pages() -> None:
    contributor = make_user("contributor")
    assert can_edit_post(contributor, post("trash", ME), trash_status="draft")
    assert not can_edit_post(contributor, post("trash", ME), trash_status="publish")
    editor = make_user("editor")
    front = post("publish", OTHER, "page", post_id=42)
    assert can_delete_post(editor, front)
    assert not can_delete_post(editor, front, front_page_ids=(42,))
    assert can_delete_post(make_user("administrator"), front, front_page_ids=(42,))
    assert not can_edit_post(editor, front, privacy_page_id=42)


def test_unknown_status_needs_edit_others_posts() -> None:
    odd = post("odd-status", OTHER)
    assert can_read_post(make_user("editor"), odd)
    assert not can_read_post(make_user("author"), odd)


def test_comments_and_users() -> None:
    comment = {"comment_ID": 3, "comment_post_ID": 5, "user_id": ME}
    assert can_edit_comment(make_user("author"), comment, post("publish", ME))
    assert not can_edit_comment(make_user("author"), comment, post("publish", OTHER))
    assert can_edit_comment(make_user("editor"), comment, post("publish", OTHER))
    assert can_edit_comment(make_user("contributor"), comment, None)  # orphan: edit_posts
    assert can_edit_user(make_user("subscriber"), ME) and not can_edit_user(make_user("subscriber"), OTHER)
    assert can_edit_user(make_user("administrator"), OTHER) and not can_edit_user(make_user("editor"), OTHER)
    assert not can_edit_user(None, 0)
    assert can_manage_app_passwords(make_user("author"), ME)
    assert not can_delete_term(make_user("administrator"), 1, default_term_id=1)
    assert can_delete_term(make_user("editor"), 2, default_term_id=1)


def test_anonymous_and_pseudo_capabilities() -> None:
    assert not has_cap(None, "read")
    assert has_cap(None, "exist")  # WordPress grants `exist` to everyone
    admin = make_user("administrator")
    assert has_cap(admin, "administrator")  # a role name counts as a capability
    assert not has_cap(admin, "do_not_allow")
    assert not has_cap(admin, "manage_links") and not has_cap(admin, "delete_site")
    assert has_cap(admin, "customize") and has_cap(admin, "edit_blocks")


def test_individual_grants_and_denials() -> None:
    roles, caps = resolve_capabilities({"author": True, "moderate_comments": True, "publish_posts": False},
                                       DEFAULT_ROLES)
    assert roles == ("author",)
    assert "moderate_comments" in caps and "publish_posts" not in caps and "edit_posts" in caps


async def test_load_user_reads_wordpress_rows_and_custom_roles(storage) -> None:
    custom = {**DEFAULT_ROLES, "shop_manager": {"name": "Shop manager",
                                               "capabilities": {"read": True, "moderate_comments": True}}}
    await set_option(storage, roles_option_name("wp_"), custom)
    user_id = await create_user(storage, "marie", UserFields(email="marie@example.org", role="shop_manager",
                                                            first_name="Marie", last_name="Curie"))
    user = await load_user(storage, user_id)
    assert user is not None and user.roles == ("shop_manager",)
    assert can_moderate_comments(user) and not can_edit_posts(user)
    assert (user.first_name, user.last_name, user.display_name, user.nickname) == ("Marie", "Curie",
                                                                                    "Marie Curie", "marie")
    # A second role added by hand, as a plugin would, is honoured.
    await update_user_meta(storage, user_id, "wp_capabilities", {"shop_manager": True, "editor": True})
    user = await load_user_by_login(storage, "MARIE")
    assert user is not None and user.roles == ("shop_manager", "editor") and can_read_private(user)
    await update_user(storage, user_id, UserFields(role="subscriber"))
    user = await load_user(storage, user_id)
    assert user is not None and user.roles == ("subscriber",) and not can_moderate_comments(user)
    assert await load_user(storage, 0) is None and await load_user(storage, 999) is None
