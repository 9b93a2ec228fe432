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
        ("WPCOMPAT_TABLE_PREFIX", "wp-; DROP", "WPCOMPAT_TABLE_PREFIX"),
        ("WPCOMPAT_WP_VERSION", "5.0", "WPCOMPAT_WP_VERSION"),
        ("WPCOMPAT_SITE_URL", "example.org", "WPCOMPAT_SITE_URL"),
        ("WPCOMPAT_PORT", "eighty", "WPCOMPAT_PORT"),
    ],
)
def test_invalid_settings_name_the_variable(name, value, words):
    with pytest.raises(SettingsError, match=words):
        load_settings(env_file=None, environ={name: value})


def test_env_file_is_read(tmp_path):
    env = tmp_path / ".env"
    env.write_text("WPCOMPAT_SITE_URL=https://blog.example.org/\n")
    assert load_settings(env_file=env, environ={}).site_url == "https://blog.example.org"


def test_oauth_settings_are_read_for_any_provider_name(tmp_path) -> None:
    # settings.py does not know the provider list (auth/oauth/registry.py, a higher layer): it
    # keeps every `<NAME>_CLIENT_ID`/… and answers for the name the registry asks about.
    env = tmp_path / ".env"
    env.write_text("ACME_AUTHORIZE_URL=https://id.acme.example/a\n")
    s = load_settings(env_file=env, environ={"ACME_CLIENT_ID": "i", "ACME_CLIENT_SECRET": "s", "PATH": "/bin"})
    acme = s.oauth_provider("acme")
    assert acme is not None
    assert (acme.name, acme.client_id, acme.client_secret) == ("acme", "i", "s")
    assert acme.extra == {"authorize_url": "https://id.acme.example/a"}
    assert s.oauth_provider("google") is None
    half = load_settings(env_file=None, environ={"GOOGLE_CLIENT_ID": "abc"})
    with pytest.raises(SettingsError, match="GOOGLE_CLIENT_SECRET"):
        half.oauth_provider("google")


def test_site_url_follows_host_and_port_unless_set(tmp_path):
    missing = tmp_path / "none.env"
    assert load_settings(env_file=missing, environ={}).site_url == "http://127.0.0.1:8000"
    assert load_settings(env_file=missing, environ={"WPCOMPAT_PORT": "8123"}).site_url == "http://127.0.0.1:8123"
    both = {"WPCOMPAT_HOST": "0.0.0.0", "WPCOMPAT_PORT": "9000"}
    assert load_settings(env_file=missing, environ=both).site_url == "http://127.0.0.1:9000"
    named = {"WPCOMPAT_HOST": "blog.local", "WPCOMPAT_PORT": "9000"}
    assert load_settings(env_file=missing, environ=named).site_url == "http://blog.local:9000"
    fixed = {"WPCOMPAT_PORT": "9000", "WPCOMPAT_SITE_URL": "https://blog.example.org"}
    assert load_settings(env_file=missing, environ=fixed).site_url == "https://blog.example.org"


def test_access_log_is_on_by_default_and_can_be_turned_off():
    assert load_settings(env_file=None, environ={}).access_log is True
    assert load_settings(env_file=None, environ={"WPCOMPAT_ACCESS_LOG": "false"}).access_log is False
