"""Mail: notifications as WordPress decides them, an outbox that loses nothing, and a sender.

`compose` builds mails and queues them (in the caller's transaction), `notifications` decides
who hears of a comment or a post, `subscriptions` keeps readers' double opt-in subscriptions,
`sender` hands the outbox to `transport` (SMTP, or the log by default), `links` signs the
moderation links; `wpcompat/web/mail_pages.py` serves the pages those links and the
unsubscribe links open.
"""
