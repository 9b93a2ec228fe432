"""Application Passwords and Basic authentication, stored exactly as WordPress stores them."""

from __future__ import annotations

import base64

import pytest

from auth.accounts import UserFields, create_user
from auth.application_passwords import (
    DAY_IN_SECONDS,
    ApplicationPasswordError,
    create_password,
    find_matching,
    get_password,
    list_passwords,
    record_usage,
    rename_password,
    revoke_all_passwords,
    revoke_password,
)
from auth.basic import INCORRECT_PASSWORD, INVALID_EMAIL, INVALID_USERNAME, authenticate_basic, parse_basic
from auth.passwords import phpass_hash
from wpcompat.storage.options import get_option
from wpcompat.storage.users import get_user_meta_value, update_user_meta
from wpcompat.util.phpserial import dumps, loads


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


@pytest.fixture
async def admin_id(storage) -> int:
    return await create_user(storage, "admin", UserFields(email="admin@example.org", role="administrator"))


async def test_create_stores_wordpress_array(storage, admin_id) -> None:
    clear, item = await create_password(storage, admin_id, "oracle")
    assert len(clear) == 29 and clear.count(" ") == 5
    raw = await get_user_meta_value(storage, admin_id, "_application_passwords")
    assert raw is not None
    assert raw.startswith('a:1:{i:0;a:7:{s:4:"uuid";s:36:"' + item.uuid + '";s:6:"app_id";s:0:"";')
    assert raw.endswith('s:9:"last_used";N;s:7:"last_ip";N;}}')
    stored = loads(raw)[0]
    assert list(stored) == ["uuid", "app_id", "name", "password", "created", "last_used", "last_ip"]
    assert stored["name"] == "oracle" and stored["password"].startswith("$generic$")
    assert isinstance(stored["created"], int)
    # WordPress only tries Application Passwords once this option says some exist.
    assert await get_option(storage, "using_application_passwords") == "1"


async def test_legacy_create_writes_phpass(storage, admin_id) -> None:
    clear, item = await create_password(storage, admin_id, "old", legacy=True)
    assert item.password.startswith("$P$B")
    assert await find_matching(storage, admin_id, clear) == item


async def test_names_must_be_unique_and_present(storage, admin_id) -> None:
    await create_password(storage, admin_id, "oracle")
    with pytest.raises(ApplicationPasswordError) as error:
        await create_password(storage, admin_id, "oracle")
    assert error.value.code == "application_password_duplicate_name" and error.value.status == 409
    with pytest.raises(ApplicationPasswordError):
        await create_password(storage, admin_id, "  ")


async def test_verify_strips_spaces_and_symbols(storage, admin_id) -> None:
    clear, item = await create_password(storage, admin_id, "oracle")
    assert await find_matching(storage, admin_id, clear) == item
    assert await find_matching(storage, admin_id, clear.replace(" ", "")) == item
    assert await find_matching(storage, admin_id, clear.replace(" ", "-")) == item
    assert await find_matching(storage, admin_id, clear.lower()) is None
    assert await find_matching(storage, admin_id, "") is None


async def test_both_hash_formats_written_by_wordpress(storage, admin_id) -> None:
    """A list as WordPress 6.1 (phpass) and 6.8+ (`$generic$`) left it, with a gap after unset()."""
    old, new = "abcdEFGHijklMNOPqrstUVWX", "abcd1234EFGH5678ijkl9012"
    items = {
        0: {"uuid": "11111111-2222-4333-8444-555555555555", "app_id": "", "name": "six-one",
            "password": phpass_hash(old), "created": 1600000000, "last_used": None, "last_ip": None},
        2: {"uuid": "66666666-2222-4333-8444-555555555555", "app_id": "", "name": "six-eight",
            "password": "$generic$-r4FB5NrhNs1VZlhj9uMueqVu30SZqjhd5q-NUtA", "created": 1700000000,
            "last_used": 1700000100, "last_ip": "10.0.0.1"},
    }
    await update_user_meta(storage, admin_id, "_application_passwords", items)
    assert (await find_matching(storage, admin_id, "abcd EFGH ijkl MNOP qrst UVWX")).name == "six-one"
    assert (await find_matching(storage, admin_id, new)).name == "six-eight"
    assert [p.name for p in await list_passwords(storage, admin_id)] == ["six-one", "six-eight"]


async def test_revoke(storage, admin_id) -> None:
    clear, item = await create_password(storage, admin_id, "one")
    await create_password(storage, admin_id, "two")
    assert await revoke_password(storage, admin_id, item.uuid)
    assert not await revoke_password(storage, admin_id, item.uuid)
    assert [p.name for p in await list_passwords(storage, admin_id)] == ["two"]
    assert await find_matching(storage, admin_id, clear) is None


async def test_usage_recorded_once_a_day(storage, admin_id) -> None:
    _, item = await create_password(storage, admin_id, "oracle")
    assert await record_usage(storage, admin_id, item.uuid, "192.0.2.1", now=1_800_000_000)
    assert await record_usage(storage, admin_id, item.uuid, "192.0.2.2", now=1_800_000_000 + 60)
    (used,) = await list_passwords(storage, admin_id)
    assert (used.last_used, used.last_ip) == (1_800_000_000, "192.0.2.1")
    await record_usage(storage, admin_id, item.uuid, "192.0.2.3", now=1_800_000_000 + DAY_IN_SECONDS)
    (used,) = await list_passwords(storage, admin_id)
    assert (used.last_used, used.last_ip) == (1_800_000_000 + DAY_IN_SECONDS, "192.0.2.3")
    assert not await record_usage(storage, admin_id, "no-such-uuid", "192.0.2.3")


async def test_items_without_uuid_get_one_and_keep_it(storage, admin_id) -> None:
    legacy = dumps([{"name": "x", "password": ""}])
    await update_user_meta(storage, admin_id, "_application_passwords", legacy)
    first = await list_passwords(storage, admin_id)
    assert first[0].uuid and (await list_passwords(storage, admin_id))[0].uuid == first[0].uuid


async def test_basic_success_by_login_and_email(storage, admin_id) -> None:
    clear, item = await create_password(storage, admin_id, "oracle")
    result = await authenticate_basic(storage, basic("admin", clear), "203.0.113.9")
    assert result.user is not None and result.user.id == admin_id and result.error is None
    assert result.app_password_uuid == item.uuid and "manage_options" in result.user.capabilities
    (used,) = await list_passwords(storage, admin_id)
    assert used.last_ip == "203.0.113.9" and used.last_used
    by_email = await authenticate_basic(storage, basic("admin@example.org", clear.replace(" ", "")), "::1")
    assert by_email.user is not None and by_email.user.login == "admin"


async def test_basic_errors(storage, admin_id) -> None:
    await create_password(storage, admin_id, "oracle")
    wrong = await authenticate_basic(storage, basic("admin", "abcd EFGH ijkl MNOP qrst UVWX"), "::1")
    assert wrong.user is None and wrong.error is not None
    assert (wrong.error.code, wrong.error.message, wrong.error.status) == (
        "incorrect_password", INCORRECT_PASSWORD, 401)
    unknown = await authenticate_basic(storage, basic("no-such-user", "x"), "::1")
    assert unknown.error is not None and (unknown.error.code, unknown.error.message) == (
        "invalid_username", INVALID_USERNAME)
    assert unknown.error.message.endswith("Unknown username. Check again or try your email address.")
    unknown_email = await authenticate_basic(storage, basic("nobody@example.org", "x"), "::1")
    assert unknown_email.error is not None and (unknown_email.error.code, unknown_email.error.message) == (
        "invalid_email", INVALID_EMAIL)


@pytest.mark.parametrize("header", [None, "", "Bearer abc", "Basic", "Basic !!!notbase64", "Digest x=1",
                                    "Basic " + base64.b64encode(b"no-colon").decode()])
async def test_basic_anonymous_without_basic_credentials(storage, header) -> None:
    result = await authenticate_basic(storage, header, "::1")
    assert result.anonymous and result.user is None and result.error is None


def test_parse_basic_keeps_colons_in_password() -> None:
    assert parse_basic(basic("a", "b:c")) == ("a", "b:c")
    assert parse_basic("basic " + base64.b64encode(b"a:").decode()) == ("a", "")


async def test_get_rename_and_revoke_all(storage, admin_id) -> None:
    _, one = await create_password(storage, admin_id, "one")
    _, two = await create_password(storage, admin_id, "two")
    assert await get_password(storage, admin_id, two.uuid) == two
    assert await get_password(storage, admin_id, "nope") is None
    renamed = await rename_password(storage, admin_id, one.uuid, "first")
    assert renamed is not None and renamed.name == "first" and renamed.password == one.password
    with pytest.raises(ApplicationPasswordError):
        await rename_password(storage, admin_id, one.uuid, "two")
    assert await rename_password(storage, admin_id, "nope", "x") is None
    assert await revoke_all_passwords(storage, admin_id) == 2
    assert await list_passwords(storage, admin_id) == []
    assert await get_user_meta_value(storage, admin_id, "_application_passwords") == "a:0:{}"
