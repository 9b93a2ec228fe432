"""GET /wp-admin/edit-comments.php: WordPress's comment moderation list, server-rendered.

Parameters as WordPress's (bookmarks keep working): comment_status=all|moderated|approved|spam|
trash, p=<post ID>, s=<search>, paged=<page>. Not signed in → 302 to
/wp-login.php?redirect_to=…&reauth=1. A user with `moderate_comments` sees every comment; a
user who may only edit posts (an author) sees the comments on their own posts, and can act on
those only (edit_comment → edit_post, as map_meta_cap says).

The markup is plain forms (every action works without JavaScript); moderation.js adds the
keyboard shortcuts and does the same POSTs in place.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any
from urllib.parse import urlencode

from itsdangerous import BadSignature
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from auth.capabilities import can_moderate_comments, has_cap
from wpcompat.render.pipelines import comment_text
from wpcompat.site import Site
from wpcompat.storage.comment_admin import STATUS_VALUES, Scope, comment_page, count_by_status
from wpcompat.web.login import LOGOUT_ACTION, logout_url
from wpcompat.web.moderation.actions import KEPT, NONCE_ACTION, SCREEN_PATH, UNDO_MAX_AGE, _undo_signer
from wpcompat.web.moderation.text import TEXT, counted
from wpcompat.web.signed_in import NO_STORE, SignedIn

PER_PAGE = 20
STATUS_ORDER = ("all", "moderated", "approved", "spam", "trash")


PHP_INT_MAX = 2**63 - 1


def _int(value: str | None) -> int:
    """PHP's (int) of a query value, never negative, saturating at PHP_INT_MAX."""
    try:
        return min(PHP_INT_MAX, max(0, int(str(value or "0").strip()[:30] or "0")))
    except ValueError:
        return 0


def screen_params(request: Request) -> dict[str, Any]:
    q = request.query_params
    status = q.get("comment_status", "all")
    return {
        "comment_status": status if status in STATUS_VALUES else "all",
        "p": _int(q.get("p")),
        "s": (q.get("s") or "").strip()[:200],
        "paged": max(1, _int(q.get("paged"))),
    }


def _url(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    query = {k: v for k, v in merged.items() if k in KEPT and v not in ("", 0, None, "all", 1)}
    return SCREEN_PATH + ("?" + urlencode(query) if query else "")


def _status_of(stored: str) -> str:
    return {"0": "unapproved", "1": "approved"}.get(stored, stored)


def _row_actions(t: dict[str, str], c: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(action, label, key) for a row, in WordPress's order for its status."""
    status = _status_of(str(c["comment_approved"]))
    if status == "spam":
        return [("unspam", t["unspam"], ""), ("delete", t["delete"], "")]
    if status == "trash":
        return [("untrash", t["untrash"], ""), ("delete", t["delete"], "")]
    first = ("unapprove", t["unapprove"], "u") if status == "approved" else ("approve", t["approve"], "a")
    return [first, ("spam", t["spam_action"], "s"), ("trash", t["trash_action"], "t")]


def _notice(request: Request, t: dict[str, str], who: SignedIn, params: dict[str, Any], lang: str) -> str:
    q = request.query_params
    done, error = q.get("done", ""), q.get("error", "")
    parts: list[str] = []
    if error == "expired":
        parts.append(f'<p class="notice notice-error">{t["expired"]} {t["try_again"]}</p>')
    elif error == "empty_reply":
        parts.append(f'<p class="notice notice-error">{t["empty_reply"]}</p>')
    elif error == "rejected":
        parts.append(f'<p class="notice notice-error">{t["rejected"] % escape(q.get("reason", ""))}</p>')
    elif error == "none":
        parts.append(f'<p class="notice notice-warning">{t["done_none"]}</p>')
    if done and f"done_{done}" in t:
        n = _int(q.get("n"))
        message = t[f"done_{done}"]
        text = counted(message, n, lang)
        if n == 0 and done not in ("replyto", "editedcomment"):
            text = t["done_none"]
        undo = q.get("undo", "")
        button = ""
        if undo:
            try:
                _undo_signer(request).loads(undo, max_age=UNDO_MAX_AGE)
                button = (
                    f' <form method="post" action="{SCREEN_PATH}" class="wpc-undo">'
                    f'<input type="hidden" name="_wpnonce" value="{who.nonce(request, NONCE_ACTION)}">'
                    f'<input type="hidden" name="undo" value="{escape(undo)}">'
                    + "".join(f'<input type="hidden" name="{k}" value="{escape(str(params[k]))}">'
                              for k in KEPT if params.get(k) not in ("", 0, None))
                    + f'<button type="submit" name="action" value="undo" class="button-link" '
                      f'aria-keyshortcuts="z">{t["undo"]}</button></form>'
                )
            except BadSignature:
                button = ""
        parts.append(f'<div class="notice notice-success"><span>{escape(text)}</span>{button}</div>')
    denied = _int(q.get("denied"))
    if denied:
        parts.append(f'<p class="notice notice-error">{counted(t["denied_some"], denied, lang)}</p>')
    return "".join(parts)


def _comment_row(t: dict[str, str], c: dict[str, Any], params: dict[str, Any], site: Site, index: int) -> str:
    cid = int(c["comment_ID"])
    status = _status_of(str(c["comment_approved"]))
    author = escape(str(c["comment_author"]) or "Anonymous")
    email = escape(str(c["comment_author_email"]))
    url = str(c["comment_author_url"] or "")
    url_html = (f'<br><a href="{escape(url)}" rel="nofollow ugc noopener">{escape(url)}</a>'
                if url.startswith(("http://", "https://")) else "")
    ip = escape(str(c.get("comment_author_IP") or ""))
    content = comment_text(str(c["comment_content"]), legacy_61=site.legacy_61)
    post_id = int(c["comment_post_ID"])
    title = escape(str(c.get("post_title") or f"#{post_id}"))
    permalink = escape(f"{site.home.rstrip('/')}/?p={post_id}")
    pending = (f' <span class="badge">{t["pending_badge"]}</span>' if status == "unapproved" else "")
    buttons = "".join(
        f'<button type="submit" form="comments-form" name="row_action" value="{action}:{cid}" '
        f'class="row-action {action}" data-action="{action}"'
        f'{f" aria-keyshortcuts={key}" if key else ""}>{label}</button>'
        for action, label, key in _row_actions(t, c)
    )
    inline = ""
    if status in ("unapproved", "approved"):
        reply_label = t["approve_reply"] if status == "unapproved" else t["reply_button"]
        buttons += (
            f'<button type="button" class="row-action reply" data-action="reply" aria-keyshortcuts="r" '
            f'aria-expanded="false" aria-controls="reply-{cid}">{t["reply"]}</button>'
            f'<button type="button" class="row-action quickedit" data-action="quickedit" aria-keyshortcuts="e" '
            f'aria-expanded="false" aria-controls="edit-{cid}">{t["quickedit"]}</button>'
        )
        raw = escape(str(c["comment_content"]))
        inline = (
            f'<div class="inline" id="reply-{cid}" hidden>'
            f'<label for="replycontent-{cid}">{t["reply_label"] % author}</label>'
            f'<textarea id="replycontent-{cid}" name="content" form="reply-form-{cid}" rows="4" required></textarea>'
            f'<p><button type="submit" form="reply-form-{cid}" class="button-primary">{reply_label}</button> '
            f'<button type="button" class="button cancel">{t["cancel"]}</button></p></div>'
            f'<div class="inline" id="edit-{cid}" hidden>'
            f'<fieldset><legend>{t["edit_label"] % author}</legend>'
            f'<label>{t["name"]} <input name="newcomment_author" form="edit-form-{cid}" value="{author}"></label> '
            f'<label>{t["email"]} <input name="newcomment_author_email" type="email" form="edit-form-{cid}" '
            f'value="{email}"></label> '
            f'<label>{t["url"]} <input name="newcomment_author_url" form="edit-form-{cid}" value="{escape(url)}">'
            f'</label><label class="content-label" for="editcontent-{cid}">{t["comment"]}</label>'
            f'<textarea id="editcontent-{cid}" name="content" form="edit-form-{cid}" rows="5" required>{raw}</textarea>'
            f'<p><button type="submit" form="edit-form-{cid}" class="button-primary">{t["update"]}</button> '
            f'<button type="button" class="button cancel">{t["cancel"]}</button></p></fieldset></div>'
        )
    when = escape(str(c["comment_date"]))
    return (
        f'<tr id="comment-{cid}" class="comment {status}" data-id="{cid}" data-index="{index}" tabindex="-1" '
        f'aria-labelledby="comment-author-{cid}">'
        f'<th scope="row" class="check-column"><input type="checkbox" name="comment[]" value="{cid}" '
        f'id="cb-select-{cid}" aria-label="{escape(t["select"] % author)}"></th>'
        f'<td class="author"><strong id="comment-author-{cid}">{author}</strong>{pending}'
        f'<br><a href="mailto:{email}">{email}</a>{url_html}<br><span class="ip">{ip}</span></td>'
        f'<td class="comment-cell"><div class="comment-text">{content}</div>'
        f'<div class="row-actions" role="group" aria-label="{escape(t["comment"])} {author}">{buttons}</div>'
        f"{inline}</td>"
        f'<td class="response"><a href="{escape(_url(params, p=post_id, paged=1))}">{title}</a>'
        f'<br><a href="{permalink}" class="view">{t["view_post"]}</a></td>'
        f'<td class="date">{when}</td></tr>'
    )


def _side_forms(request: Request, who: SignedIn, rows: list[dict[str, Any]], params: dict[str, Any]) -> str:
    """The reply and quick-edit forms, outside the bulk form (forms cannot nest): the fields
    inside the table name them with form=…"""
    nonce = who.nonce(request, NONCE_ACTION)
    kept = "".join(f'<input type="hidden" name="{k}" value="{escape(str(params[k]))}">'
                   for k in KEPT if params.get(k) not in ("", 0, None))
    out = []
    for c in rows:
        cid = int(c["comment_ID"])
        for kind, action in (("reply", "replyto"), ("edit", "editedcomment")):
            out.append(f'<form id="{kind}-form-{cid}" method="post" action="{SCREEN_PATH}" class="side-form">'
                       f'<input type="hidden" name="_wpnonce" value="{nonce}">'
                       f'<input type="hidden" name="action" value="{action}">'
                       f'<input type="hidden" name="comment_ID" value="{cid}">{kept}</form>')
    return "".join(out)


async def render(request: Request, site: Site, who: SignedIn, lang: str) -> Response:
    t = TEXT[lang]
    storage = request.app.state.storage
    params = screen_params(request)
    scope = Scope(post_id=params["p"], search=params["s"],
                  post_author=None if can_moderate_comments(who.user) else who.user.id)
    counts = await count_by_status(storage, scope)
    total = counts[params["comment_status"]]
    pages = max(1, math.ceil(total / PER_PAGE))
    params["paged"] = min(params["paged"], pages)
    rows = await comment_page(storage, scope, params["comment_status"], limit=PER_PAGE,
                              offset=(params["paged"] - 1) * PER_PAGE)

    links = []
    for name in STATUS_ORDER:
        current = ' class="current" aria-current="page"' if name == params["comment_status"] else ""
        links.append(f'<li><a href="{escape(_url(params, comment_status=name, paged=1))}"{current}>{t[name]} '
                     f'<span class="count">(<span class="{name}-count">{counts[name]}</span>)</span></a></li>')
    heading = t["title"]
    if params["p"] and rows:
        heading = t["comments_on"] % escape(str(rows[0].get("post_title") or params["p"]))
    bulk_options = {
        "moderated": ("approve", "spam", "trash"), "approved": ("unapprove", "spam", "trash"),
        "spam": ("unspam", "delete"), "trash": ("untrash", "delete"),
    }.get(params["comment_status"], ("unapprove", "approve", "spam", "trash"))
    label = {"approve": t["approve"], "unapprove": t["unapprove"], "spam": t["spam_action"], "unspam": t["unspam"],
             "trash": t["trash_action"], "untrash": t["untrash"], "delete": t["delete"]}
    options = "".join(f'<option value="{a}">{label[a]}</option>' for a in bulk_options)
    nonce = who.nonce(request, NONCE_ACTION)
    kept = "".join(f'<input type="hidden" name="{k}" value="{escape(str(params[k]))}">'
                   for k in KEPT if params.get(k) not in ("", 0, None))
    body_rows = "".join(_comment_row(t, c, params, site, i) for i, c in enumerate(rows)) or (
        f'<tr class="no-items"><td colspan="5">{t["none"]}</td></tr>')
    pager = ""
    if pages > 1:
        prev = (f'<a class="prev-page" href="{escape(_url(params, paged=params["paged"] - 1))}">'
                f'<span aria-hidden="true">‹</span><span class="screen-reader-text">{t["prev"]}</span></a>'
                if params["paged"] > 1 else "")
        nxt = (f'<a class="next-page" href="{escape(_url(params, paged=params["paged"] + 1))}">'
               f'<span aria-hidden="true">›</span><span class="screen-reader-text">{t["next"]}</span></a>'
               if params["paged"] < pages else "")
        pager = f'<nav class="tablenav-pages" aria-label="pagination">{prev} {t["page"] % (params["paged"], pages)} {nxt}</nav>'
    items = t["item"] if total == 1 else t["items"] % total
    logout = logout_url(request, who.nonce(request, LOGOUT_ACTION))
    html = f"""<!DOCTYPE html>
<html lang="{"fr-FR" if lang == "fr" else "en-US"}">
<head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{escape(t["title"])} &lsaquo; {escape(site.option("blogname"))} &#8212; WordPress</title>
<link rel="stylesheet" href="/wp-admin/css/wpc-moderation.css">
</head>
<body class="wp-admin edit-comments-php">
<header id="wpadminbar"><a href="{escape(site.home)}">{escape(site.option("blogname"))}</a>
<span class="howdy">{escape(t["howdy"] % who.user.display_name)}</span> <a href="{escape(logout)}">{t["logout"]}</a></header>
<main class="wrap" id="wpbody-content">
<h1 class="wp-heading-inline">{heading}</h1>
<div id="moderation-notice" role="status" aria-live="polite">{_notice(request, t, who, params, lang)}</div>
<ul class="subsubsub" aria-label="{escape(t["title"])}">{"".join(links)}</ul>
<form id="comments-filter" method="get" action="{SCREEN_PATH}" role="search">
<input type="hidden" name="comment_status" value="{params["comment_status"]}">
{f'<input type="hidden" name="p" value="{params["p"]}">' if params["p"] else ""}
<label for="comment-search-input">{t["search_label"]}</label>
<input type="search" id="comment-search-input" name="s" value="{escape(params["s"])}">
<button type="submit" class="button">{t["search"]}</button></form>
<form id="comments-form" method="post" action="{SCREEN_PATH}">
<input type="hidden" name="_wpnonce" value="{nonce}">{kept}
<div class="tablenav top"><label for="bulk-action-selector-top" class="screen-reader-text">{t["select_bulk"]}</label>
<select name="action" id="bulk-action-selector-top"><option value="-1">{t["bulk"]}</option>{options}</select>
<button type="submit" id="doaction" class="button">{t["apply"]}</button>
<span class="displaying-num">{items}</span> {pager}</div>
<table class="wp-list-table widefat comments">
<caption class="screen-reader-text">{heading} — {t[params["comment_status"]]}</caption>
<thead><tr><td class="check-column"><input type="checkbox" id="cb-select-all" aria-label="{t["select_all"]}"></td>
<th scope="col" class="column-author">{t["author"]}</th><th scope="col">{t["comment"]}</th>
<th scope="col" class="column-response">{t["response_to"]}</th><th scope="col" class="column-date">{t["submitted"]}</th></tr></thead>
<tbody id="the-comment-list">{body_rows}</tbody></table></form>
{_side_forms(request, who, rows, params)}
<details class="shortcuts"><summary>{t["keys"]}</summary><p>{t["keys_help"]}</p></details>
</main>
<script src="/wp-admin/js/wpc-moderation.js" defer></script>
</body></html>
"""
    return HTMLResponse(html, headers={**NO_STORE, "X-Frame-Options": "SAMEORIGIN"})


def may_use_screen(who: SignedIn) -> bool:
    """edit-comments.php needs edit_posts (WordPress); a pure moderator is let in too."""
    return has_cap(who.user, "edit_posts") or can_moderate_comments(who.user)


def login_redirect(request: Request) -> RedirectResponse:
    site_url = request.app.state.settings.site_url.rstrip("/")
    here = site_url + request.url.path + (("?" + request.url.query) if request.url.query else "")
    return RedirectResponse("/wp-login.php?" + urlencode({"redirect_to": here, "reauth": "1"}), 302,
                            headers=NO_STORE)
