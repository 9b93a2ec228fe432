"""Users written as wp_insert_user() writes them, and WordPress's sanitizers and checks."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from auth.accounts import (
    UserError,
    UserFields,
    create_user,
    is_email,
    sanitize_title,
    sanitize_user,
    update_user,
    user_level,
)
from wpcompat.storage.options import DEFAULT_ROLES
from wpcompat.storage.users import get_user_meta, get_user_row

LOGIN_TAKEN = "Sorry, that username already exists!"


async def test_create_writes_wordpress_rows(storage) -> None:
    user_id = await create_user(
        storage, "Jean Dupont",
        UserFields(email="jean@exemple.fr", role="author", first_name="Jean", last_name="Dupont",
                   url="https://jean.example", description="Bio", registered="2020-05-06 07:08:09"),
        user_id=7,
    )
    assert user_id == 7
    row = await get_user_row(storage, 7)
    assert row is not None
    assert (row["user_login"], row["user_nicename"], row["user_email"], row["user_url"]) == (
        "Jean Dupont", "jean-dupont", "jean@exemple.fr", "https://jean.example")
    assert (row["user_registered"], row["display_name"], row["user_status"]) == (
        "2020-05-06 07:08:09", "Jean Dupont", 0)
    meta = await get_user_meta(storage, 7)
    assert meta["wp_capabilities"] == 'a:1:{s:6:"author";b:1;}'
    assert meta["wp_user_level"] == "2"
    assert (meta["first_name"], meta["last_name"], meta["nickname"], meta["description"]) == (
        "Jean", "Dupont", "Jean Dupont", "Bio")
    assert meta["rich_editing"] == "true" and meta["admin_color"] == "fresh"
    # The next user gets the next ID.
    assert await create_user(storage, "next", UserFields(email="next@example.org")) == 8


async def test_defaults_and_roles(storage) -> None:
    user_id = await create_user(storage, "plain", UserFields(email="plain@example.org"))
    meta = await get_user_meta(storage, user_id)
    assert meta["wp_capabilities"] == 'a:1:{s:10:"subscriber";b:1;}' and meta["wp_user_level"] == "0"
    admin = await create_user(storage, "boss", UserFields(email="boss@example.org", role="administrator"))
    meta = await get_user_meta(storage, admin)
    assert meta["wp_capabilities"] == 'a:1:{s:13:"administrator";b:1;}' and meta["wp_user_level"] == "10"
    row = await get_user_row(storage, admin)
    assert row is not None and row["display_name"] == "boss" and len(row["user_registered"]) == 19


@pytest.mark.parametrize(
    ("login", "fields", "code", "message"),
    [
        ("taken", UserFields(email="other@example.org"), "existing_user_login", LOGIN_TAKEN),
        ("TAKEN", UserFields(email="other@example.org"), "existing_user_login", LOGIN_TAKEN),
        ("fresh", UserFields(email="taken@example.org"), "existing_user_email",
         "Sorry, that email address is already used!"),
        ("fresh", UserFields(email="not-an-email"), "invalid_email", "The email address is not correct."),
        ("fresh", UserFields(email="ok@example.org", role="boss"), "invalid_role",
         "Role doesn't exist: boss"),
        ("josé", UserFields(email="ok@example.org"), "invalid_username", None),
        ("", UserFields(email="ok@example.org"), "empty_user_login", None),
        ("x" * 61, UserFields(email="ok@example.org"), "user_login_too_long", None),
        ("fresh", UserFields(email="ok@example.org", registered="yesterday"), "invalid_date", None),
    ],
)
async def test_refusals(storage, login, fields, code, message) -> None:
    await create_user(storage, "taken", UserFields(email="taken@example.org"))
    with pytest.raises(UserError) as error:
        await create_user(storage, login, fields)
    assert error.value.code == code
    if message:
        assert error.value.message == message


async def test_taken_id_refused(storage) -> None:
    await create_user(storage, "one", UserFields(email="one@example.org"), user_id=3)
    with pytest.raises(UserError):
        await create_user(storage, "two", UserFields(email="two@example.org"), user_id=3)


async def test_nicename_made_unique(storage) -> None:
    await create_user(storage, "jean dupont", UserFields(email="a@example.org"))
    second = await create_user(storage, "jean-dupont", UserFields(email="b@example.org"))
    row = await get_user_row(storage, second)
    assert row is not None and row["user_nicename"] == "jean-dupont-2"


async def test_update_changes_only_what_is_given(storage) -> None:
    user_id = await create_user(storage, "ed", UserFields(email="ed@example.org", first_name="Ed"))
    await create_user(storage, "other", UserFields(email="other@example.org"))
    await update_user(storage, user_id, UserFields(role="editor", email="ED2@example.org", description="Hi",
                                                   nicename="edouard"))
    row = await get_user_row(storage, user_id)
    meta = await get_user_meta(storage, user_id)
    assert row is not None and row["user_email"] == "ED2@example.org" and row["user_nicename"] == "edouard"
    assert meta["first_name"] == "Ed" and meta["description"] == "Hi"
    assert meta["wp_capabilities"] == 'a:1:{s:6:"editor";b:1;}' and meta["wp_user_level"] == "7"
    # update_user_meta replaces: still one row per key.
    usermeta = storage.tables.usermeta
    count = await storage.db.fetch_val(
        sa.select(sa.func.count()).where(
            usermeta.c.user_id == user_id, usermeta.c.meta_key == "wp_capabilities"
        )
    )
    assert count == 1
    with pytest.raises(UserError) as error:
        await update_user(storage, user_id, UserFields(email="other@example.org"))
    assert error.value.code == "existing_user_email"
    with pytest.raises(UserError):
        await update_user(storage, 999, UserFields(email="x@example.org"))


def test_sanitizers() -> None:
    assert sanitize_user("  Jean   Dupont ") == "Jean Dupont"
    assert sanitize_user("josé<b>!</b>") == "jose"
    assert sanitize_user("a%20b&amp;c") == "abc"
    assert sanitize_title("Jean.Dupont@Exemple.FR") == "jean-dupontexemple-fr"
    assert sanitize_title("  a  b__c--d ") == "a-b__c-d"
    assert sanitize_title("Émile") == "emile"


@pytest.mark.parametrize(
    ("email", "valid"),
    [
        ("a@b.co", True), ("first.last+tag@sub.example.org", True), ("x@localhost", False),
        ("a@b", False), ("@example.org", False), ("a b@example.org", False), ("a@-b.org", False),
        ("a@b..org", False), ("a@.b.org", False), ("a@b.org.", False), ("a@b_c.org", False),
        ("a@b.c", False), ("é@example.org", False), ("a@b@c.org", False),
    ],
)
def test_is_email_is_wordpress_is_email(email: str, valid: bool) -> None:
    assert is_email(email) is valid


def test_user_levels_of_default_roles() -> None:
    assert [user_level(DEFAULT_ROLES[r]["capabilities"]) for r in DEFAULT_ROLES] == [10, 7, 2, 1, 0]


async def test_importers_may_ask_for_silent_sanitizing(storage) -> None:
    user_id = await create_user(storage, "José <b>M</b>", UserFields(email="jm@example.org"), sanitize=True)
    row = await get_user_row(storage, user_id)
    assert row is not None and (row["user_login"], row["user_nicename"]) == ("Jose M", "jose-m")
