"""A fresh `make run` serves our users' blog: imported once, with its name and language."""

from starlette.testclient import TestClient

from settings import Settings
from wpcompat.app import create_app


def test_empty_database_gets_the_demo_blog_once(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'site.db'}", site_url="http://blog.test")
    with TestClient(create_app(settings)) as client:
        index = client.get("/wp-json/").json()
        assert index["name"] == "Secteur ESS"
        assert index["description"] == "Économie sociale et solidaire"
        total = client.get("/wp-json/wp/v2/posts").headers["x-wp-total"]
        assert int(total) > 0
    with TestClient(create_app(settings)) as client:
        assert client.get("/wp-json/wp/v2/posts").headers["x-wp-total"] == total
