"""WordPress's REST errors: `{"code", "message", "data": {"status", …}}`."""

from __future__ import annotations

from typing import Any


class RestError(Exception):
    """A WP_Error on its way to the client. `data` None means WordPress sent no `data` key."""

    def __init__(
        self,
        code: str,
        message: str,
        status: int | None = 400,
        data: dict[str, Any] | None = None,
        *,
        with_data: bool = True,
        statusless: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or 500
        self.extra = data or {}
        self.with_data = with_data
        # A WP_Error made without data (wp_insert_user(), wp_insert_term(), ...) handed on as is:
        # rest_convert_error_to_response() answers 500 and its `data` is that missing data, null.
        self.statusless = statusless
        # HTTP headers the answer carries (e.g. Retry-After on a 429).
        self.headers: dict[str, str] = {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.statusless:
            body["data"] = None
        elif self.with_data:
            data: dict[str, Any] = {"status": self.status}
            data.update(self.extra)
            body["data"] = data
        return body


def no_route() -> RestError:
    return RestError("rest_no_route", "No route was found matching the URL and request method.", 404)


def forbidden(code: str, message: str, logged_in: bool) -> RestError:
    """rest_authorization_required_code(): 401 for anonymous callers, 403 for logged-in ones."""
    return RestError(code, message, 403 if logged_in else 401)


def not_allowed(logged_in: bool) -> RestError:
    return forbidden("rest_forbidden", "Sorry, you are not allowed to do that.", logged_in)
