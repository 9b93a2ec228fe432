"""`POST /wp-comments-post.php`: the comment form of classic themes, as wp-comments-post.php and
wp_handle_comment_submission() answer it.

Success is a 302 (`X-Redirect-By: WordPress`) to the comment's link, with
`?unapproved=ID&moderation-hash=…` for a held comment of a guest who did not consent to
cookies, and the three `comment_author_*_<COOKIEHASH>` cookies (set with consent, expired
without). Each failure is WordPress's wp_die page with its status, or WordPress's blank 200
for the errors it reports without a status. The texts follow the site's language (WPLANG):
English, or WordPress's French for fr_FR.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from email.utils import formatdate
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from auth.capabilities import User, can_read_post, has_cap
from auth.identities import Identity
from auth.sessions import session_user
from settings import Settings
from wpcompat.commenter_session import form_commenter
from wpcompat.discussion import rules
from wpcompat.discussion.submission import CommentRejected, NewComment, check_lengths, submit
from wpcompat.mail.subscriptions import subscribe_from_form
from wpcompat.permalinks import Links, page_of_comment
from wpcompat.render.escape import esc_url
from wpcompat.render.formatting import is_email
from wpcompat.render.striptags import strip_tags
from wpcompat.rest.authentication import client_ip
from wpcompat.site import Site, load_site
from wpcompat.storage import Storage
from wpcompat.storage import comment_writes as store
from wpcompat.storage.posts import get_post
from wpcompat.util.forms import read_multipart
from wpcompat.util.numbers import absint
from wpcompat.util.querystring import parse_query
from wpcompat.util.redirects import safe_redirect
from wpcompat.web.wp_die import wp_die_page

_PHP_TRIM = " \t\n\r\0\x0b"
# wp_set_comment_cookies(): 6.1's lifetime; 6.6 made it a year.
COOKIE_LIFETIME_61 = 30_000_000
COOKIE_LIFETIME = 31_536_000
YEAR_IN_SECONDS = 31_536_000
_NOCACHE = {"Expires": "Wed, 11 Jan 1984 05:00:00 GMT", "Cache-Control": "no-cache, must-revalidate, max-age=0"}
HTML = "text/html; charset=UTF-8"

# French (fr_FR) for the strings this page shows: WordPress's own catalogue (Debian's
# wordpress-l10n fr_FR.mo) where it has the string, our translation where it does not.
FRENCH: dict[str, str] = {
    "Comment Submission Failure": "Échec de l’envoi du commentaire",
    "&laquo; Back": "&laquo; Retour",
    "Sorry, comments are closed for this item.": "Désolé, les commentaires sont fermés pour cet article.",
    "Sorry, comments are not allowed for this item.": "Désolé, les commentaires ne sont pas autorisés pour cet élément.",
    "Sorry, you must be logged in to comment.": "Désolé, vous devez être connecté pour publier un commentaire.",
    "Sorry, replies to unapproved comments are not allowed.":
        "Désolé, les réponses aux commentaires non approuvés ne sont pas autorisées.",
    "<strong>Error:</strong> Please fill the required fields.":
        "<strong>Erreur :</strong> veuillez remplir les champs obligatoires.",
    "<strong>Error:</strong> Please enter a valid email address.":
        "<strong>Erreur :</strong> veuillez saisir une adresse e-mail valide.",
    "<strong>Error:</strong> Please type your comment text.":
        "<strong>Erreur :</strong> veuillez saisir votre commentaire.",
    "<strong>Error:</strong> Your name is too long.": "<strong>Erreur :</strong> votre nom est trop long.",
    "<strong>Error:</strong> Your email address is too long.":
        "<strong>Erreur :</strong> votre adresse e-mail est trop longue.",
    "<strong>Error:</strong> Your URL is too long.": "<strong>Erreur :</strong> votre URL est trop longue.",
    "<strong>Error:</strong> Your comment is too long.": "<strong>Erreur :</strong> votre commentaire est trop long.",
    "<strong>Error:</strong> The comment could not be saved. Please try again later.":
        "<strong>Erreur :</strong> le commentaire n’a pas pu être enregistré. Veuillez réessayer ultérieurement.",
    "Duplicate comment detected; it looks as though you&#8217;ve already said that!":
        "Détection d&rsquo;un doublon&nbsp;: il semble que vous avez déjà envoyé ce commentaire&nbsp!",
    "You are posting comments too quickly. Slow down.":
        "Vous envoyez vos commentaires trop rapidement. Prenez votre temps.",
}


class FormError(Exception):
    """A WP_Error of wp_handle_comment_submission(): `status` None is WordPress's blank exit."""

    def __init__(self, code: str, message: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _lang(site: Site) -> str:
    return site.option("WPLANG") or "en_US"


def translate(text: str, site: Site) -> str:
    return FRENCH.get(text, text) if _lang(site) == "fr_FR" else text


def error_response(error: FormError, site: Site) -> Response:
    """wp-comments-post.php: wp_die( '<p>message</p>', title, response + back_link ), or exit."""
    headers = dict(_NOCACHE)
    if not error.status:
        return Response(b"", status_code=200, headers=headers, media_type=HTML)
    page = wp_die_page(
        f"<p>{translate(error.message, site)}</p>",
        title=translate("Comment Submission Failure", site),
        lang=_lang(site).replace("_", "-"),
        back=translate("&laquo; Back", site),
    )
    return Response(page.encode("utf-8"), status_code=error.status, headers=headers, media_type=HTML)


# ---------------------------------------------------------------- the submission


def _field(form: dict[str, Any], name: str) -> str | None:
    value = form.get(name)
    return value.strip(_PHP_TRIM) if isinstance(value, str) else None


def _absint(value: Any) -> int:
    """(int)/absint() of a form field as PHP reads it: "12abc" is 12, and a number beyond 64
    bits saturates (it names no post) instead of reaching the database unbindable."""
    return absint(value if isinstance(value, str) else 0)


PUBLIC_OR_PRIVATE = ("publish", "private", "inherit")


async def handle_submission(
    storage: Storage, site: Site, form: dict[str, Any], user: User | None, ip: str, agent: str,
    commenter: Identity | None = None,
) -> dict[str, Any]:
    """wp_handle_comment_submission() then wp_new_comment(): the stored comment row."""
    post_id = _absint(form.get("comment_post_ID"))
    author_raw = form.get("author")
    author = strip_tags(author_raw).strip(_PHP_TRIM) if isinstance(author_raw, str) else ""
    email = _field(form, "email") or ""
    url = _field(form, "url") or ""
    content = _field(form, "comment") or ""
    parent = _absint(form.get("comment_parent"))

    if parent and not site.legacy_61:
        # 6.2+: a reply needs an approved parent.
        parent_row = await store.fetch_comment(storage, parent)
        if parent_row is None or str(parent_row["comment_approved"]) != "1":
            raise FormError("comment_reply_to_unapproved_comment",
                            "Sorry, replies to unapproved comments are not allowed.", 403)
    post = await get_post(storage, post_id)
    if post is None or not post.get("comment_status"):
        raise FormError("comment_id_not_found")
    status = str(post["post_status"])
    if status == "private" and not can_read_post(user, post):
        raise FormError("comment_id_not_found")
    if not rules.comments_open(post, site, post_date_gmt=str(post.get("post_date_gmt") or ""), now=time.time()):
        raise FormError("comment_closed", "Sorry, comments are closed for this item.", 403)
    if status == "trash":
        raise FormError("comment_on_trash")
    if status not in PUBLIC_OR_PRIVATE:
        if can_read_post(user, post):
            raise FormError("comment_on_draft", "Sorry, comments are not allowed for this item.", 403)
        raise FormError("comment_on_draft")
    if post.get("post_password"):
        # post_password_required(): we keep no wp-postpass cookie, so the post stays locked.
        raise FormError("comment_on_password_protected")
    user_id = 0
    if user is not None:
        author = user.display_name or user.login
        email, url, user_id = user.email, user.url, user.id
    elif commenter is not None:
        # A social commenter (wpcompat.web.social) posts under their provider profile.
        author, email, url = commenter.name, commenter.email, commenter.profile_url
    elif site.option("comment_registration") == "1":
        raise FormError("not_logged_in", "Sorry, you must be logged in to comment.", 403)
    if site.option("require_name_email") == "1" and user is None and commenter is None:
        if email == "" or author == "":
            raise FormError("require_name_email", "<strong>Error:</strong> Please fill the required fields.", 200)
        if not is_email(email):
            raise FormError("require_valid_email", "<strong>Error:</strong> Please enter a valid email address.", 200)
    if content == "":
        raise FormError("require_valid_comment", "<strong>Error:</strong> Please type your comment text.", 200)
    if parent:
        # wp_new_comment(): a parent that is neither approved nor held is dropped.
        parent_row = await store.fetch_comment(storage, parent)
        if parent_row is None or str(parent_row["comment_approved"]) not in ("0", "1"):
            parent = 0
    comment = NewComment(
        post_id=post_id, content=content, author=author, email=email, url=url,
        ip="".join(ch for ch in ip if ch in "0123456789abcdefABCDEF:., "),
        agent=agent[:254], user_id=user_id, parent=parent, commenter=commenter,
    )
    try:
        check_lengths(comment)
    except CommentRejected as rejected:
        raise FormError(rejected.code, rejected.message, rejected.status) from None
    # Logged-in users with unfiltered_html would need the form's unfiltered-html nonce to keep
    # raw HTML; we do not print that nonce, so everyone's form comment goes through kses.
    try:
        return await submit(storage, site, comment, actor=user, filter_first=True, raw_html=False)
    except CommentRejected as rejected:
        if rejected.code == "comment_id_not_found":
            raise FormError("comment_id_not_found") from None
        raise FormError(rejected.code, rejected.message, rejected.status) from None


# ---------------------------------------------------------------- success: cookies, redirect


def cookie_hash(site: Site) -> str:
    """COOKIEHASH: md5 of the site URL."""
    return hashlib.md5((site.option("siteurl") or site.home).encode("utf-8")).hexdigest()


def _cookie(name: str, value: str, expires: int, max_age: int, secure: bool) -> str:
    # PHP's setcookie(): the value URL-encoded, an `expires` date and Max-Age, path COOKIEPATH.
    stamp = formatdate(expires, usegmt=True)
    line = f"{name}={quote(value, safe='')}; expires={stamp}; Max-Age={max_age}; path=/"
    return line + ("; secure" if secure else "")


def comment_cookies(site: Site, row: dict[str, Any], consent: bool) -> list[str]:
    """wp_set_comment_cookies() for a guest: the author's name, e-mail and URL, or, without
    consent, the same cookies expired (value " ", a year ago)."""
    suffix = cookie_hash(site)
    names = (f"comment_author_{suffix}", f"comment_author_email_{suffix}", f"comment_author_url_{suffix}")
    now = int(time.time())
    if not consent:
        return [_cookie(name, " ", now - YEAR_IN_SECONDS, 0, False) for name in names]
    lifetime = COOKIE_LIFETIME_61 if site.legacy_61 else COOKIE_LIFETIME
    secure = site.is_https
    values = (str(row["comment_author"]), str(row["comment_author_email"]), esc_url(str(row["comment_author_url"])))
    return [_cookie(name, value, now + lifetime, lifetime, secure) for name, value in zip(names, values, strict=True)]


def moderation_hash(settings: Settings, date_gmt: str) -> str:
    """wp_hash( comment_date_gmt ): an HMAC only this site can produce, so the held comment's
    preview link cannot be guessed for other comments."""
    return hmac.new(settings.secret_key.encode(), date_gmt.encode(), hashlib.md5).hexdigest()


def _add_query(location: str, args: dict[str, str]) -> str:
    """add_query_arg(): the arguments go before the #fragment."""
    base, hash_mark, fragment = location.partition("#")
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in args.items())
    base += ("&" if "?" in base else "?") + query
    return base + (hash_mark + fragment if hash_mark else "")


def safe_location(location: str, site: Site, fallback: str) -> str:
    """wp_safe_redirect(): sanitized, and only to this site's host or an allowed origin's, else
    `fallback` (WordPress falls back to wp-admin, which this service does not have)."""
    return safe_redirect(
        location, site.home, fallback, site.settings.allowed_redirect_origins, request_path="/wp-comments-post.php",
    )


async def comment_link(storage: Storage, site: Site, row: dict[str, Any], user: User | None) -> str:
    """get_comment_link() of the new comment, as the REST API builds it (permalinks.py)."""
    links = Links(site, storage, {}, private_readable=lambda post: can_read_post(user, post))
    post = await links.post(int(row["comment_post_ID"]))
    cpage = None
    if site.option_bool("page_comments"):
        viewer = user.id if user is not None else None
        cpage = await page_of_comment(
            site, storage, row, viewer, lambda comment_id: store.fetch_comment(storage, comment_id), {}
        )
    return links.comment_link(post, int(row["comment_ID"]), cpage)


async def success_response(
    storage: Storage, site: Site, row: dict[str, Any], form: dict[str, Any], user: User | None
) -> Response:
    consent = "wp-comment-cookies-consent" in form
    link = await comment_link(storage, site, row, user)
    redirect_to = form.get("redirect_to")
    location = link
    if isinstance(redirect_to, str) and redirect_to:
        location = safe_location(f"{redirect_to}#comment-{row['comment_ID']}", site, link)
    if not consent and str(row["comment_approved"]) == "0" and row["comment_author_email"]:
        location = _add_query(location, {
            "unapproved": str(row["comment_ID"]),
            "moderation-hash": moderation_hash(site.settings, str(row["comment_date_gmt"])),
        })
    response = Response(b"", status_code=302, headers={**_NOCACHE, "X-Redirect-By": "WordPress",
                                                       "Location": location}, media_type=HTML)
    if user is None:
        for cookie in comment_cookies(site, row, consent):
            response.headers.append("Set-Cookie", cookie)
    return response


# ---------------------------------------------------------------- the endpoint


async def _form_of(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type.startswith("multipart/form-data"):
        form = await read_multipart(request)
        return {k: v for k, v in form.items() if isinstance(v, str)}
    raw = await request.body()
    return parse_query(raw.decode("utf-8", "replace")) if raw else {}


async def wp_comments_post(request: Request) -> Response:
    if request.method != "POST":
        # WordPress answers any other method with a bare 405.
        return Response(b"", status_code=405, headers={"Allow": "POST", "Content-Type": "text/plain;charset=UTF-8"})
    storage: Storage = request.app.state.storage
    settings: Settings = request.app.state.settings
    site = await load_site(storage, settings)
    form = await _form_of(request)
    user = await session_user(storage, settings, request.cookies)
    if user is not None and not has_cap(user, "read"):
        user = None
    ip = client_ip(request, settings)
    try:
        row = await handle_submission(
            storage, site, form, user, ip, request.headers.get("user-agent", ""),
            commenter=await form_commenter(request) if user is None else None,
        )
    except FormError as error:
        return error_response(error, site)
    # Jetpack's "subscribe_comments" / "subscribe_blog" boxes, when a theme's form has them.
    await subscribe_from_form(storage, settings, form, row, ip)
    return await success_response(storage, site, row, form, user)
