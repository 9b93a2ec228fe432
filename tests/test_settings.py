import pytest

from settings import SettingsError, load_settings


def test_defaults():
    s = load_settings(env_file=None, environ={})
    assert s.database_url == "sqlite:///wpcompat.db"
    assert s.table_prefix == "wp_"
    assert s.wp_version == "7.1"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("DATABASE_URL", "oracle://x", "DATABASE_URL"),
        ("WPCOMPAT_TABLE_PREFIX", "wp-; DROP", "WPCOMPAT_TABLE_PREFIX"),
        ("WPCOMPAT_WP_VERSION", "5.0", "WPCOMPAT_WP_VERSION"),
        ("WPCOMPAT_SITE_URL", "example.org", "WPCOMPAT_SITE_URL"),
        ("WPCOMPAT_PORT", "eighty", "WPCOMPAT_PORT"),
        ("GOOGLE_CLIENT_ID", "abc", "GOOGLE_CLIENT_SECRET"),
    ],
)
def test_invalid_settings_name_the_variable(name, value, words):
    with pytest.raises(SettingsError, match=words):
        load_settings(env_file=None, environ={name: value})


def test_env_file_is_read(tmp_path):
    env = tmp_path / ".env"
    env.write_text("WPCOMPAT_SITE_URL=https://blog.example.org/\n")
    assert load_settings(env_file=env, environ={}).site_url == "https://blog.example.org"


def test_settings_read_the_providers_of_the_oauth_registry() -> None:
    # settings.py (the lowest layer) cannot import auth/oauth/registry.py, the provider list;
    # the names it reads settings for must be exactly the registry's, in its order.
    from auth.oauth.registry import PROVIDER_NAMES
    from settings import OAUTH_PROVIDER_NAMES

    assert tuple(name.upper() for name in PROVIDER_NAMES) == OAUTH_PROVIDER_NAMES
