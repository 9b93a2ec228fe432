"""Which mails a comment or a post causes, as WordPress decides them, and their words (FR/EN
from WPLANG).

- A new approved comment (or a held one approved later): the post author, when
  `comments_notify` is on and the comment is not their own (wp_new_comment_notify_postauthor);
  the post's confirmed subscribers; the parent comment's author, subscribed, gets "a reply to
  your comment" instead of the plain one.
- A new held comment: `moderation_notify` → the admin e-mail and the post author (when theirs
  differs), with signed one-click links to approve, spam or trash it (wp_notify_moderator).
- A newly published post: the site's confirmed subscribers.

Everything here only queues rows in the outbox, in the caller's transaction.
"""

from __future__ import annotations

import html
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from wpcompat.mail import links
from wpcompat.mail.compose import Mail, bound_settings, queue
from wpcompat.storage import mail as store
from wpcompat.storage.options import load_options

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.storage import Storage

log = logging.getLogger("wpcompat.mail")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        # WordPress's own subject lines (wp_notify_postauthor, wp_notify_moderator).
        "subject_comment": '[{blog}] Comment: "{title}"',
        "subject_moderate": '[{blog}] Please moderate: "{title}"',
        "subject_subscriber": '[{blog}] New comment on "{title}"',
        "subject_reply": '[{blog}] {author} replied to your comment on "{title}"',
        "subject_confirm": "[{blog}] Please confirm your subscription",
        "subject_post": '[{blog}] New post: "{title}"',
        "new_comment": 'New comment on your post "{title}"',
        "waiting": 'A new comment on the post "{title}" is waiting for your approval',
        "author": "Author: {name}",
        "author_ip": "Author: {name} (IP address: {ip})",
        "email": "Email: {email}",
        "url": "URL: {url}",
        "comment": "Comment:\n{content}",
        "see_all": "You can see all comments on this post here:",
        "permalink": "Permalink:",
        "approve": "Approve it:",
        "trash": "Trash it:",
        "spam": "Spam it:",
        "pending_1": "Currently 1 comment is waiting for approval.",
        "pending": "Currently {n} comments are waiting for approval.",
        "links_valid": "These links work once, for {days} days.",
        "panel": "Please visit the moderation panel:",
        "subscriber_intro": '{author} commented on "{title}":',
        "reply_intro": '{author} replied to your comment on "{title}":',
        "read": "Read it and reply:",
        "unsubscribe": "Stop these e-mails:",
        "why_comments": 'You get this e-mail because you subscribed to new comments on "{title}".',
        "why_posts": "You get this e-mail because you subscribed to new posts on {blog}.",
        "confirm_comments": 'Someone, hopefully you, asked to be told by e-mail of new comments on "{title}" ({blog}).',
        "confirm_posts": "Someone, hopefully you, asked to be told by e-mail of new posts on {blog}.",
        "confirm_link": "Confirm your subscription:",
        "confirm_ignore": "If it was not you, ignore this e-mail: nothing will be sent to you.",
        "post_intro": '{blog} published "{title}":',
    },
    "fr": {
        "subject_comment": "[{blog}] Commentaire : « {title} »",
        "subject_moderate": "[{blog}] Veuillez modérer : « {title} »",
        "subject_subscriber": "[{blog}] Nouveau commentaire sur « {title} »",
        "subject_reply": "[{blog}] {author} a répondu à votre commentaire sur « {title} »",
        "subject_confirm": "[{blog}] Confirmez votre abonnement",
        "subject_post": "[{blog}] Nouvel article : « {title} »",
        "new_comment": "Nouveau commentaire sur votre article « {title} »",
        "waiting": "Un nouveau commentaire sur l’article « {title} » attend votre approbation",
        "author": "Auteur : {name}",
        "author_ip": "Auteur : {name} (adresse IP : {ip})",
        "email": "E-mail : {email}",
        "url": "URL : {url}",
        "comment": "Commentaire :\n{content}",
        "see_all": "Vous pouvez voir tous les commentaires de cet article ici :",
        "permalink": "Lien permanent :",
        "approve": "L’approuver :",
        "trash": "Le mettre à la corbeille :",
        "spam": "Le marquer comme indésirable :",
        "pending_1": "1 commentaire est en attente d’approbation.",
        "pending": "{n} commentaires sont en attente d’approbation.",
        "links_valid": "Ces liens servent une fois, pendant {days} jours.",
        "panel": "Veuillez vous rendre sur le panneau de modération :",
        "subscriber_intro": "{author} a commenté « {title} » :",
        "reply_intro": "{author} a répondu à votre commentaire sur « {title} » :",
        "read": "Le lire et répondre :",
        "unsubscribe": "Ne plus recevoir ces e-mails :",
        "why_comments": "Vous recevez cet e-mail parce que vous vous êtes abonné aux nouveaux commentaires de « {title} ».",
        "why_posts": "Vous recevez cet e-mail parce que vous vous êtes abonné aux nouveaux articles de {blog}.",
        "confirm_comments": "Quelqu’un, vous sans doute, a demandé à être prévenu par e-mail des nouveaux commentaires de « {title} » ({blog}).",
        "confirm_posts": "Quelqu’un, vous sans doute, a demandé à être prévenu par e-mail des nouveaux articles de {blog}.",
        "confirm_link": "Confirmer votre abonnement :",
        "confirm_ignore": "Si ce n’était pas vous, ignorez cet e-mail : rien ne vous sera envoyé.",
        "post_intro": "{blog} a publié « {title} » :",
    },
}


def language(options: dict[str, str]) -> str:
    return "fr" if (options.get("WPLANG") or "").lower().startswith("fr") else "en"


def _t(lang: str, key: str, **values: Any) -> str:
    return TEXT[lang][key].format(**values)


def post_url(settings: Settings, post_id: int) -> str:
    return f"{settings.site_url.rstrip('/')}/?p={int(post_id)}"


def comment_url(settings: Settings, post_id: int, comment_id: int) -> str:
    return f"{post_url(settings, post_id)}#comment-{int(comment_id)}"


def mail_url(settings: Settings, path: str, **query: str) -> str:
    return f"{settings.site_url.rstrip('/')}{path}?{urlencode(query)}"


def moderation_panel_url(settings: Settings) -> str:
    """admin_url( 'edit-comments.php?comment_status=moderated#wpbody-content' ): the screen
    (wpcompat.web.moderation) at WordPress's address."""
    return mail_url(settings, "/wp-admin/edit-comments.php", comment_status="moderated") + "#wpbody-content"


def unsubscribe_url(settings: Settings, token: str) -> str:
    return mail_url(settings, "/wpcompat/mail/unsubscribe", t=token)


def _plain(text: str) -> str:
    # Titles, names and the blog name are stored HTML-escaped; mails are plain text.
    return html.unescape(text)


class _Context:
    def __init__(self, storage: Storage, settings: Settings, options: dict[str, str]) -> None:
        self.storage = storage
        self.settings = settings
        self.options = options
        self.lang = language(options)
        self.blog = _plain(options.get("blogname", ""))


async def _context(
    storage: Storage, settings: Settings | None, options: dict[str, str] | None = None
) -> _Context | None:
    settings = settings or bound_settings(storage)
    if settings is None:
        log.warning("no mail settings bound to this storage: notifications skipped")
        return None
    return _Context(storage, settings, options if options is not None else await load_options(storage))


def _comment_lines(ctx: _Context, comment: dict[str, Any], *, with_ip: bool) -> list[str]:
    lang = ctx.lang
    name = _plain(str(comment["comment_author"]))
    lines = [
        _t(lang, "author_ip", name=name, ip=comment["comment_author_IP"]) if with_ip else _t(lang, "author", name=name)
    ]
    if with_ip:
        lines.append(_t(lang, "email", email=comment["comment_author_email"]))
        lines.append(_t(lang, "url", url=comment["comment_author_url"]))
    lines.append(_t(lang, "comment", content=_plain(str(comment["comment_content"]))))
    return lines


async def comment_posted(
    storage: Storage, comment_id: int, settings: Settings | None = None, *,
    options: dict[str, str] | None = None, comment: dict[str, Any] | None = None,
    post: dict[str, Any] | None = None, subscribed: bool = True,
) -> None:
    """After a new comment is stored (same transaction): held → moderators; approved → the
    post author and the subscribers.

    A caller that has the request's options, the row it just inserted and its post's row passes them: the
    submission runs this while it holds the write lock, where reading every option and the
    row back again only lengthens the queue of writers. `subscribed=False`: the caller read, in
    this transaction, that nobody subscribed to the post's comments (no list to read)."""
    ctx = await _context(storage, settings, options)
    if ctx is None:
        return
    if comment is None:
        found = await store.comment_and_post(storage, comment_id)
    else:
        post_row = post if post is not None else await store.post_row(storage, int(comment["comment_post_ID"]))
        found = None if post_row is None else (comment, post_row)
    if found is None:
        return
    comment, post = found
    if str(comment["comment_type"] or "comment") not in ("comment", ""):
        return
    if comment["comment_approved"] == "0":
        await _notify_moderators(ctx, comment, post)
    elif comment["comment_approved"] == "1":
        await _notify_post_author(ctx, comment, post)
        if subscribed:
            await _notify_subscribers(ctx, comment, post)


async def comment_approved(storage: Storage, comment_id: int, settings: Settings | None = None) -> None:
    """A held comment was approved: what a new approved comment would have caused
    (WordPress notifies the post author from wp_set_comment_status)."""
    ctx = await _context(storage, settings)
    found = await store.comment_and_post(storage, comment_id)
    if ctx is None or found is None:
        return
    comment, post = found
    await _notify_post_author(ctx, comment, post)
    await _notify_subscribers(ctx, comment, post)


async def _notify_post_author(ctx: _Context, comment: dict[str, Any], post: dict[str, Any]) -> None:
    if ctx.options.get("comments_notify", "1") in ("", "0"):
        return
    author_id = int(post["post_author"] or 0)
    if not author_id or int(comment["user_id"] or 0) == author_id:
        return  # the post author is not told of their own comments
    email = await store.user_email_of(ctx.storage, author_id)
    if not email:
        return
    lang, title = ctx.lang, _plain(str(post["post_title"]))
    post_id, comment_id = int(post["ID"]), int(comment["comment_ID"])
    name = _plain(str(comment["comment_author"]))
    mail = Mail(
        kind="comment", to=email,
        subject=_t(lang, "subject_comment", blog=ctx.blog, title=title),
        lines=[_t(lang, "new_comment", title=title), *_comment_lines(ctx, comment, with_ip=True)],
        links=[(_t(lang, "see_all"), post_url(ctx.settings, post_id) + "#comments"),
               (_t(lang, "permalink"), comment_url(ctx.settings, post_id, comment_id))],
        from_name=name or ctx.blog,
        reply_to=str(comment["comment_author_email"] or ""),
    )
    mail.links += _moderation_links(ctx, comment_id, actions=("trash", "spam"))
    await queue(ctx.storage, ctx.settings, mail, lang)


def _moderation_links(ctx: _Context, comment_id: int, actions: tuple[str, ...]) -> list[tuple[str, str]]:
    link_id = links.new_link_id()
    out = []
    for action in actions:
        token = links.sign(ctx.settings.secret_key, {"a": action, "c": comment_id, "i": link_id},
                           ttl=links.MODERATION_LINK_SECONDS)
        out.append((_t(ctx.lang, action), mail_url(ctx.settings, "/wpcompat/mail/moderate", t=token)))
    return out


async def _notify_moderators(ctx: _Context, comment: dict[str, Any], post: dict[str, Any]) -> None:
    if ctx.options.get("moderation_notify", "1") in ("", "0"):
        return
    recipients: list[str] = []
    admin = ctx.options.get("admin_email", "")
    if admin:
        recipients.append(admin)
    author_id = int(post["post_author"] or 0)
    if author_id:
        email = await store.user_email_of(ctx.storage, author_id)
        if email and email.lower() not in (r.lower() for r in recipients):
            recipients.append(email)
    if not recipients:
        return
    lang, title = ctx.lang, _plain(str(post["post_title"]))
    post_id, comment_id = int(post["ID"]), int(comment["comment_ID"])
    waiting = await _count_waiting(ctx.storage)
    days = links.MODERATION_LINK_SECONDS // 86400
    for to in recipients:
        mail = Mail(
            kind="moderation", to=to,
            subject=_t(lang, "subject_moderate", blog=ctx.blog, title=title),
            lines=[_t(lang, "waiting", title=title) + "\n" + post_url(ctx.settings, post_id),
                   *_comment_lines(ctx, comment, with_ip=True),
                   _t(lang, "pending_1" if waiting == 1 else "pending", n=waiting),
                   _t(lang, "links_valid", days=days)],
            from_name=_plain(str(comment["comment_author"])) or ctx.blog,
            reply_to=str(comment["comment_author_email"] or ""),
        )
        # Each recipient's links are their own, but acting on any of them acts once.
        mail.links = _moderation_links(ctx, comment_id, actions=("approve", "spam", "trash"))
        # wp_notify_moderator()'s last line: the moderation screen's queue of held comments.
        mail.links.append((_t(lang, "panel"), moderation_panel_url(ctx.settings)))
        await queue(ctx.storage, ctx.settings, mail, lang)


async def _count_waiting(storage: Storage) -> int:
    return await store.count_held_comments(storage)


async def _notify_subscribers(ctx: _Context, comment: dict[str, Any], post: dict[str, Any]) -> None:
    post_id, comment_id = int(post["ID"]), int(comment["comment_ID"])
    subscribers = await store.confirmed_subscribers(ctx.storage, "comments", post_id)
    if not subscribers:
        return
    own = str(comment["comment_author_email"] or "").lower()
    parent_email = ""
    if int(comment["comment_parent"] or 0):
        parent = await store.comment_row(ctx.storage, int(comment["comment_parent"]))
        if parent is not None:
            parent_email = str(parent["comment_author_email"] or "").lower()
    lang, title = ctx.lang, _plain(str(post["post_title"]))
    author = _plain(str(comment["comment_author"]))
    for sub in subscribers:
        email = str(sub["email"])
        if email.lower() == own:
            continue  # nobody is told of their own comment
        reply = bool(parent_email) and email.lower() == parent_email
        unsubscribe = unsubscribe_url(ctx.settings, str(sub["token"]))
        mail = Mail(
            kind="reply" if reply else "subscriber_comment", to=email,
            subject=_t(lang, "subject_reply" if reply else "subject_subscriber", blog=ctx.blog, title=title, author=author),
            lines=[_t(lang, "reply_intro" if reply else "subscriber_intro", author=author, title=title),
                   _plain(str(comment["comment_content"])),
                   _t(lang, "why_comments", title=title)],
            links=[(_t(lang, "read"), comment_url(ctx.settings, post_id, comment_id)),
                   (_t(lang, "unsubscribe"), unsubscribe)],
            from_name=ctx.blog, unsubscribe_url=unsubscribe,
        )
        await queue(ctx.storage, ctx.settings, mail, lang)


async def post_published(storage: Storage, post: dict[str, Any], settings: Settings | None = None) -> None:
    """A post became public: the site's confirmed subscribers hear of it."""
    ctx = await _context(storage, settings)
    if ctx is None or post.get("post_type") != "post" or post.get("post_password"):
        return
    lang, title = ctx.lang, _plain(str(post["post_title"]))
    for sub in await store.confirmed_subscribers(storage, "posts", 0):
        unsubscribe = unsubscribe_url(ctx.settings, str(sub["token"]))
        mail = Mail(
            kind="subscriber_post", to=str(sub["email"]),
            subject=_t(lang, "subject_post", blog=ctx.blog, title=title),
            lines=[_t(lang, "post_intro", blog=ctx.blog, title=title), _t(lang, "why_posts", blog=ctx.blog)],
            links=[(_t(lang, "read"), post_url(ctx.settings, int(post["ID"]))), (_t(lang, "unsubscribe"), unsubscribe)],
            from_name=ctx.blog, unsubscribe_url=unsubscribe,
        )
        await queue(storage, ctx.settings, mail, lang)


async def confirmation(storage: Storage, settings: Settings, sub: dict[str, Any], post_title: str) -> None:
    """The double opt-in mail: nothing else goes to this address until the link is followed."""
    options = await load_options(storage)
    ctx = _Context(storage, settings, options)
    lang = ctx.lang
    title = _plain(post_title)
    intro = (_t(lang, "confirm_comments", title=title, blog=ctx.blog) if sub["kind"] == "comments"
             else _t(lang, "confirm_posts", blog=ctx.blog))
    mail = Mail(
        kind="confirm", to=str(sub["email"]),
        subject=_t(lang, "subject_confirm", blog=ctx.blog),
        lines=[intro, _t(lang, "confirm_ignore")],
        links=[(_t(lang, "confirm_link"), mail_url(settings, "/wpcompat/mail/confirm", t=str(sub["token"])))],
        from_name=ctx.blog,
    )
    await queue(storage, settings, mail, lang)


def now() -> int:
    return int(time.time())
