"""The password reset mail (retrieve_password()): WordPress's subject "[Site] Password Reset",
its lines, and the link to /wp-login.php?action=rp&key=…&login=…, through the outbox."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import quote

from wpcompat.mail.compose import Mail, queue

if TYPE_CHECKING:
    from settings import Settings
    from wpcompat.storage import Storage

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "subject": "[{site}] Password Reset",
        "intro": "Someone has requested a password reset for the following account:",
        "site": "Site Name: {site}",
        "user": "Username: {login}",
        "mistake": "If this was a mistake, ignore this email and nothing will happen.",
        "visit": "To reset your password, visit the following address:",
        "ip": "This password reset request originated from the IP address {ip}.",
    },
    "fr": {
        "subject": "[{site}] Réinitialisation du mot de passe",
        "intro": "Quelqu’un a demandé la réinitialisation du mot de passe pour le compte suivant :",
        "site": "Nom du site : {site}",
        "user": "Identifiant : {login}",
        "mistake": "S’il s’agit d’une erreur, ignorez ce message et la demande ne sera pas prise en compte.",
        "visit": "Pour réinitialiser votre mot de passe, rendez-vous à l’adresse suivante :",
        "ip": "Cette demande de réinitialisation du mot de passe provient de l’adresse IP {ip}.",
    },
}


def reset_url(settings: Settings, key: str, login: str, lang: str) -> str:
    """network_site_url( "wp-login.php?action=rp&key=$key&login=…" ) . '&wp_lang=…'."""
    locale = "fr_FR" if lang == "fr" else "en_US"
    return (f"{settings.site_url.rstrip('/')}/wp-login.php?action=rp&key={quote(key, safe='')}"
            f"&login={quote(login, safe='')}&wp_lang={locale}")


async def queue_reset_mail(storage: Storage, settings: Settings, *, to: str, login: str, key: str,
                           blogname: str, lang: str, requester_ip: str | None) -> int:
    """Queue the mail; the caller stores the key in the same breath. `requester_ip` is named
    in the mail when the request came from someone not signed in, as WordPress does."""
    t = TEXT[lang]
    site = html.unescape(blogname)  # stored HTML-escaped; the mail is plain text
    lines = [t["intro"], t["site"].format(site=site), t["user"].format(login=login), t["mistake"],
             t["visit"], reset_url(settings, key, login, lang)]
    if requester_ip:
        lines.append(t["ip"].format(ip=requester_ip))
    mail = Mail(kind="password_reset", to=to, subject=t["subject"].format(site=site), lines=lines,
                from_name="WordPress")
    return await queue(storage, settings, mail, lang)
