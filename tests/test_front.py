from starlette.testclient import TestClient

from wpcompat.app import create_app


def test_site_root_advertises_the_api_for_get_and_head(settings):
    with TestClient(create_app(settings)) as client:
        for method in ("GET", "HEAD"):
            r = client.request(method, "/")
            assert r.status_code == 200
            assert r.headers["link"] == '<http://example.test/wp-json/>; rel="https://api.w.org/"'
        assert '<link rel="https://api.w.org/" href="http://example.test/wp-json/" />' in client.get("/").text


def test_health(settings):
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
