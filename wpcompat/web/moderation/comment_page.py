"""/wp-admin/comment.php?action=approve|spam|trash|delete&c=ID, the links of WordPress's
moderation mails, for a signed-in moderator, as WordPress 6.1's wp-admin/comment.php does it:

- GET with `action=approve|spam|trash|delete` never acts: it shows the comment and "You are about
  to approve the following comment:" with one button (a link followed from a mail carries no
  nonce, and mail scanners fetch links). The button's form sends `action=approvecomment|…`,
  `c`, `noredir=1` and the session's nonce (`approve-comment_ID`, or `delete-comment_ID` for
  the others, WordPress's nonce actions).
- `action=approvecomment|spamcomment|trashcomment|deletecomment` with that nonce acts, through
  the same domain code as the screen, REST and the CLI, then 302 to the moderation screen saying
  what was done (with its undo). A missing or stale nonce gets WordPress's "The link you
  followed has expired." (403).

Not signed in → /wp-login.php?redirect_to=…&reauth=1. An unknown comment: "Invalid comment ID.";
a comment the user may not edit: "Sorry, you are not allowed to edit comments on this post."
(WordPress prints both inside the admin page, with status 200; so do we).
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from wpcompat.discussion.moderation import apply_status, delete_comment, status_name
from wpcompat.site import Site, load_site
from wpcompat.storage.comment_admin import comment_with_post
from wpcompat.web.moderation.actions import MAX_ID, SCREEN_PATH, _undo_signer, allowed_comment
from wpcompat.web.moderation.screen import login_redirect
from wpcompat.web.signed_in import NO_STORE, SignedIn, page_language, signed_in

COMMENT_PATH = "/wp-admin/comment.php"
# The confirmation's action → what its form sends, and the status change it makes.
CONFIRM = {"approve": "approvecomment", "spam": "spamcomment", "trash": "trashcomment", "delete": "deletecomment"}
PERFORM = {"approvecomment": "approve", "spamcomment": "spam", "trashcomment": "trash", "deletecomment": "delete"}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Moderate Comment", "caution": "<strong>Caution:</strong> ",
        "approve": "You are about to approve the following comment:",
        "spam": "You are about to mark the following comment as spam:",
        "trash": "You are about to move the following comment to the Trash:",
        "delete": "You are about to delete the following comment:",
        "button_approve": "Approve Comment", "button_spam": "Mark as spam", "button_trash": "Move to Trash",
        "button_delete": "Permanently Delete Comment", "no": "No",
        "is_approved": "This comment is currently approved.",
        "is_spam": "This comment is currently marked as spam.",
        "is_trash": "This comment is currently in the Trash.",
        "author": "Author", "email": "Email", "url": "URL", "in_response": "In response to",
        "submitted": "Submitted on", "comment": "Comment",
        "invalid": 'Invalid comment ID. <a href="%s">Go back</a>.',
        "denied": "Sorry, you are not allowed to edit comments on this post.",
        "expired": "The link you followed has expired.",
    },
    "fr": {
        "title": "Modérer le commentaire", "caution": "<strong>Attention :</strong> ",
        "approve": "Vous êtes sur le point d’approuver le commentaire suivant :",
        "spam": "Vous êtes sur le point de marquer le commentaire suivant comme indésirable :",
        "trash": "Vous êtes sur le point de mettre le commentaire suivant dans la corbeille :",
        "delete": "Vous êtes sur le point de supprimer le commentaire suivant :",
        "button_approve": "Approuver le commentaire", "button_spam": "Marquer comme indésirable",
        "button_trash": "Déplacer dans la corbeille", "button_delete": "Supprimer définitivement le commentaire",
        "no": "Non",
        "is_approved": "Ce commentaire est actuellement approuvé.",
        "is_spam": "Ce commentaire est actuellement marqué comme indésirable.",
        "is_trash": "Ce commentaire est actuellement dans la corbeille.",
        "author": "Auteur", "email": "E-mail", "url": "URL", "in_response": "En réponse à",
        "submitted": "Envoyé le", "comment": "Commentaire",
        "invalid": 'ID de commentaire non valide. <a href="%s">Retour</a>.',
        "denied": "Désolé, vous n’avez pas l’autorisation de modifier les commentaires de cet article.",
        "expired": "Le lien que vous avez suivi a expiré.",
    },
}


def nonce_action(action: str, comment_id: int) -> str:
    """WordPress's: approve-comment_ID for approving, delete-comment_ID for the rest."""
    return ("approve-comment_" if action in ("approve", "approvecomment") else "delete-comment_") + str(comment_id)


def _page(lang: str, site: Site, body: str, status: int = 200) -> HTMLResponse:
    t = TEXT[lang]
    html = (
        f'<!DOCTYPE html>\n<html lang="{"fr-FR" if lang == "fr" else "en-US"}">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{t['title']} &lsaquo; {escape(site.option('blogname'))} &#8212; WordPress</title>\n"
        "<meta name='robots' content='noindex, nofollow'>\n"
        '<link rel="stylesheet" href="/wp-admin/css/wpc-moderation.css">\n</head>\n'
        f'<body class="wp-admin comment-php">\n<div class="wrap" id="wpbody-content">\n<h1>{t["title"]}</h1>\n'
        f"{body}\n</div>\n</body>\n</html>\n"
    )
    return HTMLResponse(html, status_code=status, headers={**NO_STORE, "X-Frame-Options": "SAMEORIGIN"})


def _confirmation(request: Request, lang: str, who: SignedIn, action: str, comment: dict[str, Any],
                  post: dict[str, Any] | None) -> str:
    t = TEXT[lang]
    comment_id = int(comment["comment_ID"])
    parts = []
    current = status_name(str(comment["comment_approved"]))
    notice = {"approved": "is_approved", "spam": "is_spam", "trash": "is_trash"}.get(current)
    if notice:
        parts.append(f'<div id="message" class="notice notice-info" role="status"><p>{t[notice]}</p></div>')
    parts.append(f"<p>{t['caution']}{t[action]}</p>")
    rows = [
        (t["author"], escape(str(comment["comment_author"] or ""), quote=False)),
        (t["email"], escape(str(comment["comment_author_email"] or ""))),
        (t["url"], escape(str(comment["comment_author_url"] or ""))),
        (t["in_response"], str((post or {}).get("post_title") or "")),  # stored as HTML, as WordPress prints it
        (t["submitted"], escape(str(comment["comment_date"]))),
        (t["comment"], escape(str(comment["comment_content"] or ""), quote=False).replace("\n", "<br>")),
    ]
    parts.append('<table class="form-table comment-ays" role="presentation">\n' + "".join(
        f'<tr><th scope="row">{label}</th><td>{value}</td></tr>\n' for label, value in rows) + "</table>")
    parts.append(
        f'<form action="{COMMENT_PATH}" method="get" class="comment-ays-submit">\n'
        f'<p><input type="submit" name="submit" id="submit" class="button button-primary" '
        f'value="{t["button_" + action]}">\n<a href="{SCREEN_PATH}" class="button-cancel">{t["no"]}</a></p>\n'
        f'<input type="hidden" name="_wpnonce" value="{who.nonce(request, nonce_action(action, comment_id))}">\n'
        f'<input type="hidden" name="action" value="{CONFIRM[action]}">\n'
        f'<input type="hidden" name="c" value="{comment_id}">\n'
        '<input type="hidden" name="noredir" value="1">\n</form>'
    )
    return "\n".join(parts)


async def comment_php(request: Request) -> Response:
    who = await signed_in(request)
    if who is None:
        return login_redirect(request)
    storage = request.app.state.storage
    site = await load_site(storage, request.app.state.settings)
    lang = await page_language(request, site)
    t = TEXT[lang]
    params = request.query_params if request.method != "POST" else await request.form()
    action = str(params.get("action") or "")
    if action not in CONFIRM and action not in PERFORM:
        # WordPress's comment.php without a known action edits the comment: not served here.
        return RedirectResponse(SCREEN_PATH, 302, headers=NO_STORE)
    raw_id = str(params.get("c") or "")
    comment_id = int(raw_id) if raw_id.isdigit() and int(raw_id) <= MAX_ID else 0
    comment, post = await comment_with_post(storage, comment_id) if comment_id else (None, None)
    if comment is None:
        return _page(lang, site, f"<p>{t['invalid'] % SCREEN_PATH}</p>")
    if await allowed_comment(request, who, comment_id) is None:
        return _page(lang, site, f"<p>{t['denied']}</p>")
    if action in CONFIRM:
        return _page(lang, site, _confirmation(request, lang, who, action, comment, post))

    if not who.check(request, nonce_action(action, comment_id), params.get("_wpnonce")):
        return _page(lang, site, f"<p>{t['expired']}</p>", status=403)
    done = PERFORM[action]
    previous = status_name(str(comment["comment_approved"]))
    if done == "delete":
        ok = await delete_comment(storage, comment_id, force=True)
    else:
        ok = await apply_status(storage, comment_id, done)
    outcome: dict[str, str] = {}
    if done == "approve":
        # WordPress goes back to the post's comments after approving.
        outcome["p"] = str(int(comment["comment_post_ID"]))
    outcome.update(done=done, n=str(int(bool(ok))), ids=str(comment_id))
    if ok and done != "delete":
        outcome["undo"] = _undo_signer(request).dumps({"u": who.user.id, "s": {str(comment_id): previous}})
    return RedirectResponse(SCREEN_PATH + "?" + urlencode(outcome), 302, headers=NO_STORE)
