"""Likes under our namespace, shaped like WordPress.com's likes API (docs/likes.md):

    GET  /wpcompat/v1/posts/<id>/likes              {found, i_like, like_count, likes: [...]}
    GET  /wpcompat/v1/comments/<id>/likes
    POST /wpcompat/v1/posts/<id>/likes/new           {success, i_like, like_count}
    POST /wpcompat/v1/posts/<id>/likes/mine/delete   (and the same two for comments)

and e-mail subscriptions (double opt-in, wpcompat/mail/subscriptions.py):

    POST /wpcompat/v1/subscriptions   {email, kind: comments|posts, post}

Who is liking: a site user (Application Password, or cookie + nonce), a social commenter
(session cookie + X-WP-Nonce, wpcompat.rest.authentication.rest_commenter), else a guest by the
`wpc_like_token` cookie (handed out by the first like when the site allows guests).

`add_counts()` gives themes the counts without another request: wp/v2 posts and comments
carry `wpcompat_likes` only when `_fields` asks for it, so wp/v2 answers stay WordPress's own.
"""

from __future__ import annotations

import secrets
from typing import Any

from auth.sessions import parse_cookies
from settings import Settings
from wpcompat.discussion import likes
from wpcompat.mail import subscriptions
from wpcompat.rest.authentication import rest_commenter
from wpcompat.rest.errors import RestError
from wpcompat.rest.request import RestRequest
from wpcompat.rest.response import Resource, RestResponse
from wpcompat.rest.routing import CREATABLE, READABLE, Endpoint, Route
from wpcompat.storage import likes as store

NAMESPACE = "wpcompat/v1"
FIELD = "wpcompat_likes"
GUEST_COOKIE_AGE = 365 * 86400
ID_ARGS = {"id": {"description": "Unique identifier for the object.", "type": "integer"}}
_TYPES = {"posts": "post", "comments": "comment"}


def _object(req: RestRequest) -> tuple[str, int]:
    return _TYPES[req.url_params["type"].lower()], int(req.url_params["id"])


async def _liker(req: RestRequest, *, create_guest: bool) -> tuple[likes.Liker | None, dict[str, str]]:
    """The liker this request speaks for, and a Set-Cookie header when a guest token is new."""
    if req.user is not None:
        return likes.of_user(req.user), {}
    identity = await rest_commenter(req)
    if identity is not None:
        return likes.of_identity(identity), {}
    token = parse_cookies(req.headers.get("cookie")).get(likes.GUEST_COOKIE, "")
    if 20 <= len(token) <= 100:
        return likes.of_guest(token), {}
    if not create_guest:
        return None, {}
    token = secrets.token_urlsafe(32)
    secure = "; Secure" if req.site.is_https else ""
    cookie = f"{likes.GUEST_COOKIE}={token}; Max-Age={GUEST_COOKIE_AGE}; Path=/; HttpOnly; SameSite=Lax{secure}"
    return likes.of_guest(token), {"Set-Cookie": cookie}


def _error(error: likes.LikeError) -> RestError:
    return RestError(error.code, error.message, error.status)


async def get_likes(req: RestRequest) -> RestResponse:
    object_type, object_id = _object(req)
    try:
        await likes.check_object(req.storage, object_type, object_id)
    except likes.LikeError as error:
        raise _error(error) from None
    liker, _ = await _liker(req, create_guest=False)
    rows = await store.likers(req.storage, object_type, object_id)
    mine = liker is not None and any(r["liker"] == liker.key for r in rows)
    data: dict[str, Any] = {
        "found": len(rows),
        "i_like": mine,
        "like_count": len(rows),
        "likes": [likes.liker_json(req.site, r) for r in rows[: likes.FACEPILE_MAX]],
    }
    data["post_ID" if object_type == "post" else "comment_ID"] = object_id
    return RestResponse(data, headers={"Cache-Control": "no-cache, must-revalidate, max-age=0"})


async def new_like(req: RestRequest) -> RestResponse:
    object_type, object_id = _object(req)
    liker, cookie = await _liker(req, create_guest=likes.guests_allowed(req.site))
    if liker is None:
        raise RestError("rest_like_login_required", "Sorry, you must be logged in to like.", 401)
    try:
        count = await likes.like(req.storage, req.site, object_type, object_id, liker, req.client_ip)
    except likes.LikeError as error:
        raise _error(error) from None
    return RestResponse({"success": True, "i_like": True, "like_count": count}, headers=cookie)


async def delete_like(req: RestRequest) -> RestResponse:
    object_type, object_id = _object(req)
    liker, _ = await _liker(req, create_guest=False)
    if liker is None:
        raise RestError("rest_like_login_required", "Sorry, you must be logged in to like.", 401)
    try:
        count = await likes.unlike(req.storage, object_type, object_id, liker)
    except likes.LikeError as error:
        raise _error(error) from None
    return RestResponse({"success": True, "i_like": False, "like_count": count})


async def subscribe(req: RestRequest) -> RestResponse:
    identity = await rest_commenter(req)
    email = identity.email if identity is not None and identity.email else str(req.get("email", ""))
    if req.user is not None and not req.has("email"):
        email = req.user.email
    try:
        outcome = await subscriptions.subscribe(
            req.storage, req.settings, email=email, kind=str(req.get("kind", "comments")),
            post_id=int(req.get("post", 0) or 0), ip=req.client_ip, lang=str(req.get("lang", "")),
        )
    except subscriptions.SubscriptionError as error:
        raise RestError(error.code, error.message, error.status) from None
    return RestResponse({"status": outcome.status, "confirmation_sent": outcome.mailed}, status=201 if outcome.mailed else 200)


def routes(settings: Settings) -> list[Route]:
    base = f"/{NAMESPACE}/(?P<type>posts|comments)/(?P<id>[\\d]+)/likes"
    return [
        Route(base, NAMESPACE, [Endpoint(READABLE, get_likes, args=dict(ID_ARGS))]),
        Route(base + "/new", NAMESPACE, [Endpoint(CREATABLE, new_like, args=dict(ID_ARGS))]),
        Route(base + "/mine/delete", NAMESPACE, [Endpoint(CREATABLE, delete_like, args=dict(ID_ARGS))]),
        Route(f"/{NAMESPACE}/subscriptions", NAMESPACE, [Endpoint(CREATABLE, subscribe, args={
            "email": {"description": "Where to send the e-mails.", "type": "string"},
            "kind": {"description": "comments (one post) or posts (the site).", "type": "string",
                     "enum": list(subscriptions.KINDS), "default": "comments"},
            "post": {"description": "The post whose comments to follow.", "type": "integer", "default": 0},
            "lang": {"description": "The reader's language.", "type": "string"},
        })]),
    ]


def wants_counts(req: RestRequest) -> bool:
    """Only an explicit `_fields=…,wpcompat_likes` adds the field to wp/v2 answers."""
    fields = req.fields
    return bool(fields) and FIELD in (fields or [])


async def add_counts(req: RestRequest, items: list[tuple[int, Resource]], object_type: str) -> None:
    """`wpcompat_likes: {"count": n}` on each (object id, item), in one query for the page."""
    if not items or not wants_counts(req):
        return
    found = await store.counts(req.storage, object_type, [object_id for object_id, _ in items])
    for object_id, item in items:
        item.data[FIELD] = {"count": found.get(object_id, 0)}
