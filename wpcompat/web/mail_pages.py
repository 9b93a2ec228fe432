"""The pages mails link to:

    GET  /wpcompat/mail/confirm?t=…       confirms a subscription (double opt-in)
    GET  /wpcompat/mail/unsubscribe?t=…   a page with one button; POST unsubscribes
    POST /wpcompat/mail/unsubscribe?t=…   also RFC 8058's one-click (List-Unsubscribe-Post)
    GET  /wpcompat/mail/moderate?t=…      a page naming the action, with one button; POST acts

Actions happen on POST only: mail scanners and link previews fetch GET links, and must not
unsubscribe anyone or approve a comment. Moderation links are signed, expire, and act once.
"""

from __future__ import annotations

import time
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from wpcompat.discussion.moderation import apply_status
from wpcompat.mail import links, subscriptions
from wpcompat.mail.notifications import language, moderation_panel_url
from wpcompat.storage import mail as store
from wpcompat.storage.options import load_options

NO_STORE = {"Cache-Control": "no-store, private", "X-Robots-Tag": "noindex"}
WORDS = {
    "en": {
        "confirmed": ("Subscription confirmed", "You will get an e-mail for each new {what}."),
        "what_comments": "comment on this post", "what_posts": "post on this site",
        "unknown": ("Unknown link", "This link is not (or no longer) valid."),
        "unsubscribe": ("Unsubscribe", "Stop the e-mails sent to {email}?"), "unsubscribe_button": "Unsubscribe",
        "unsubscribed": ("Unsubscribed", "No more of these e-mails will be sent to you."),
        "moderate": ("Moderate a comment", "{action} the comment by {author}?"),
        "approve": "Approve", "spam": "Mark as spam", "trash": "Move to the trash",
        "done_approve": ("Comment approved", "The comment is now published."),
        "done_spam": ("Comment marked as spam", "The comment was marked as spam."),
        "done_trash": ("Comment moved to the trash", "The comment was moved to the trash."),
        "used": ("Link already used", "This moderation link has already been used."),
        "expired": ("Link expired", "This moderation link has expired."),
        "back": "Back to the site",
        "panel": "Moderation panel",
        "now_1": "This comment is currently approved.", "now_spam": "This comment is currently marked as spam.",
        "now_trash": "This comment is currently in the Trash.",
    },
    "fr": {
        "confirmed": ("Abonnement confirmé", "Vous recevrez un e-mail pour chaque nouvel {what}."),
        "what_comments": "commentaire sur cet article", "what_posts": "article de ce site",
        "unknown": ("Lien inconnu", "Ce lien n’est pas (ou plus) valable."),
        "unsubscribe": ("Se désabonner", "Ne plus envoyer ces e-mails à {email} ?"), "unsubscribe_button": "Se désabonner",
        "unsubscribed": ("Désabonnement effectué", "Vous ne recevrez plus ces e-mails."),
        "moderate": ("Modérer un commentaire", "{action} le commentaire de {author} ?"),
        "approve": "Approuver", "spam": "Marquer comme indésirable", "trash": "Mettre à la corbeille",
        "done_approve": ("Commentaire approuvé", "Le commentaire est maintenant publié."),
        "done_spam": ("Commentaire indésirable", "Le commentaire a été marqué comme indésirable."),
        "done_trash": ("Commentaire mis à la corbeille", "Le commentaire a été mis à la corbeille."),
        "used": ("Lien déjà utilisé", "Ce lien de modération a déjà servi."),
        "expired": ("Lien expiré", "Ce lien de modération a expiré."),
        "back": "Retour au site",
        "panel": "Panneau de modération",
        "now_1": "Ce commentaire est actuellement approuvé.",
        "now_spam": "Ce commentaire est actuellement marqué comme indésirable.",
        "now_trash": "Ce commentaire est actuellement dans la corbeille.",
    },
}


async def _lang(request: Request) -> str:
    return language(await load_options(request.app.state.storage))


def _page(request: Request, lang: str, title: str, text: str, status: int = 200, button: str = "",
          panel: bool = False) -> HTMLResponse:
    home = request.app.state.settings.site_url.rstrip("/") + "/"
    # Moderation pages also lead to the moderation screen, where the rest of the queue waits.
    panel_link = (f'<p><a href="{escape(moderation_panel_url(request.app.state.settings))}">'
                  f'{escape(WORDS[lang]["panel"])}</a></p>') if panel else ""
    form = ""
    if button:
        # The same URL (token included), posted: the action happens only here.
        form = (f'<form method="post" action="{escape(str(request.url))}">'
                f'<button type="submit" style="font:inherit;padding:.5em 1.2em">{escape(button)}</button></form>')
    body = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="UTF-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"></head>'
        '<body style="font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em">'
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p>{form}{panel_link}"
        f'<p><a href="{escape(home)}">{escape(WORDS[lang]["back"])}</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers=NO_STORE)


async def confirm(request: Request) -> Response:
    lang = await _lang(request)
    w = WORDS[lang]
    sub = await subscriptions.confirm(request.app.state.storage, request.query_params.get("t", ""))
    if sub is None:
        return _page(request, lang, *w["unknown"], status=404)
    title, text = w["confirmed"]
    return _page(request, lang, title, text.format(what=w[f"what_{sub['kind']}"]))


async def unsubscribe(request: Request) -> Response:
    lang = await _lang(request)
    w = WORDS[lang]
    storage = request.app.state.storage
    token = request.query_params.get("t", "")
    if request.method == "POST":
        sub = await subscriptions.unsubscribe(storage, token)
        if sub is None:
            return _page(request, lang, *w["unknown"], status=404)
        return _page(request, lang, *w["unsubscribed"])
    sub = await store.subscription_by_token(storage, token) if token else None
    if sub is None:
        return _page(request, lang, *w["unknown"], status=404)
    title, text = w["unsubscribe"]
    return _page(request, lang, title, text.format(email=sub["email"]), button=w["unsubscribe_button"])


async def moderate(request: Request) -> Response:
    lang = await _lang(request)
    w = WORDS[lang]
    storage = request.app.state.storage
    settings = request.app.state.settings
    try:
        data = links.verify(settings.secret_key, request.query_params.get("t", ""))
    except links.LinkError as error:
        key = "expired" if error.reason == "expired" else "unknown"
        return _page(request, lang, *w[key], status=410 if key == "expired" else 404)
    action, comment_id, link_id = data.get("a"), data.get("c"), data.get("i")
    if action not in ("approve", "spam", "trash") or not isinstance(comment_id, int) or not isinstance(link_id, str):
        return _page(request, lang, *w["unknown"], status=404)
    comment = await store.comment_row(storage, comment_id)
    if comment is None:
        return _page(request, lang, *w["unknown"], status=404)
    if request.method != "POST":
        if await store.link_used(storage, link_id):
            return _page(request, lang, *w["used"], status=410, panel=True)
        title, text = w["moderate"]
        text = text.format(action=w[action], author=comment["comment_author"])
        # Acted on elsewhere since (the screen, comment.php): say so, as comment.php does.
        now = w.get(f"now_{comment['comment_approved']}")
        return _page(request, lang, title, f"{now} {text}" if now else text, button=w[action], panel=True)
    if not await store.use_link(storage, link_id, int(time.time())):
        return _page(request, lang, *w["used"], status=410, panel=True)
    await apply_status(storage, comment_id, action)
    return _page(request, lang, *w[f"done_{action}"], panel=True)


def mail_routes() -> list[BaseRoute]:
    return [
        Route("/wpcompat/mail/confirm", confirm, methods=["GET"]),
        Route("/wpcompat/mail/unsubscribe", unsubscribe, methods=["GET", "POST"]),
        Route("/wpcompat/mail/moderate", moderate, methods=["GET", "POST"]),
    ]
