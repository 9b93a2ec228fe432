"""The credentials of a request, read once: who a request may claim to be.

Authentication (wpcompat.rest.authentication), the commenter's session
(wpcompat.commenter_session) and the shared cache of anonymous answers (wpcompat.rest.cache)
all read these same decoded values. Whether an answer may be shared is therefore decided by
exactly what authentication would look at: a percent-escaped `%5Fwpnonce`, a nonce in a form
body, any `Authorization` scheme, cannot be seen by one and missed by the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from auth.sessions import COOKIE_NAME, parse_cookies

NONCE_PARAM = "_wpnonce"


@dataclass(frozen=True)
class Credentials:
    # The whole Authorization header, whatever its scheme (Basic is checked; a bearer token or
    # anything else is never shared either).
    authorization: str | None = None
    # The session cookie's value, and the wp_rest nonce that makes it count.
    session_cookie: str | None = None
    nonce: Any = None
    # The Origin header: a front end's bearer credential counts only from its own origin
    # (auth.origin_tokens). Not a credential itself: it does not make a request non-anonymous.
    origin: str | None = None

    @property
    def anonymous(self) -> bool:
        """True when authentication cannot make this request anyone: no Authorization header
        and no nonce (a session cookie without a nonce is ignored, which defeats CSRF). Only
        such requests may be answered from, or stored in, the shared cache."""
        return self.authorization is None and self.nonce is None


ANONYMOUS = Credentials()


def request_credentials(
    headers: Mapping[str, str], query: Mapping[str, Any], form: Mapping[str, Any] | None = None,
) -> Credentials:
    """Credentials from lower-cased `headers`, the decoded query (wpcompat.util.querystring, as PHP
    fills $_GET) and the decoded form body of a POST ($_POST; None otherwise).

    rest_cookie_check_errors() reads `$_REQUEST['_wpnonce']` first (the form body wins over
    the query string), then the X-WP-Nonce header.
    """
    nonce: Any = None
    if form is not None and NONCE_PARAM in form:
        nonce = form[NONCE_PARAM]
    elif NONCE_PARAM in query:
        nonce = query[NONCE_PARAM]
    elif "x-wp-nonce" in headers:
        nonce = headers["x-wp-nonce"]
    cookie = parse_cookies(headers.get("cookie")).get(COOKIE_NAME) if "cookie" in headers else None
    return Credentials(authorization=headers.get("authorization"), session_cookie=cookie, nonce=nonce,
                       origin=headers.get("origin"))


__all__ = ["ANONYMOUS", "NONCE_PARAM", "Credentials", "request_credentials"]
