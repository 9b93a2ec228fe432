"""Lost password at /wp-login.php, as WordPress 6.1 does it:

    GET  /wp-login.php?action=lostpassword[&error=invalidkey|expiredkey]   the form (user_login)
    POST /wp-login.php?action=lostpassword   the reset mail → 302 ?checkemail=confirm (or redirect_to)
    GET  /wp-login.php?checkemail=confirm    "Check your email for the confirmation link…"
    GET  /wp-login.php?action=rp&key=…&login=…   keeps login:key in a cookie on /wp-login.php and
                                                 redirects to ?action=rp (the key leaves the URL,
                                                 so no Referer or history carries it)
    GET  /wp-login.php?action=rp             the new password form (pass1, pass2, rp_key)
    POST /wp-login.php?action=resetpass      sets the password → "Your password has been reset."

Like WordPress 6.1, an unknown login or address gets "There is no account with that username
or email address." (not a neutral answer): what the throttle adds is that each request, found
or not, counts against the address and the account (auth.throttle), so neither accounts nor
mailboxes can be probed or flooded quickly. See docs/login-and-moderation.md.

The key is stored as WordPress stores it (auth.reset_keys), the password hashed as `wpcompat
user set-password` hashes it; setting it empties the key (one use) and ends the user's sessions.
"""

from __future__ import annotations

import hashlib
import hmac
from html import escape
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from auth import throttle
from auth.passwords import hash_login_password
from auth.reset_keys import check_key, new_key, stored_value
from auth.sessions import destroy_user_sessions
from wpcompat.mail.password_reset import queue_reset_mail
from wpcompat.rest.authentication import client_ip
from wpcompat.site import Site, load_site
from wpcompat.storage.users import UserRow, get_user_row_by_email, get_user_row_by_login, update_user_row
from wpcompat.web import login
from wpcompat.web.signed_in import NO_STORE, page_language, signed_in

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "lost_title": "Lost Password",
        "lost_intro": "Please enter your username or email address. You will receive an email message "
                      "with instructions on how to reset your password.",
        "user_login": "Username or Email Address",
        "get_new": "Get New Password",
        "log_in": "Log in",
        "lost_link": "Lost your password?",
        "empty_username": "Please enter a username or email address.",
        "invalidcombo": "There is no account with that username or email address.",
        "mail_failure": "The email could not be sent. Your site may not be correctly configured to send emails.",
        "invalidkey": "Your password reset link appears to be invalid. Please request a new link below.",
        "expiredkey": "Your password reset link has expired. Please request a new link below.",
        "check_title": "Check your email",
        "check_email": 'Check your email for the confirmation link, then visit the <a href="%s">login page</a>.',
        "rp_title": "Reset Password",
        "rp_intro": "Enter your new password below or generate one.",
        "pass1": "New password",
        "pass2": "Confirm new password",
        "hint": "Hint: The password should be at least twelve characters long. To make it stronger, use upper "
                "and lower case letters, numbers, and symbols like ! \" ? $ % ^ &amp; ).",
        "save": "Save Password",
        "mismatch": "The passwords do not match.",
        "done_title": "Password Reset",
        "done": "Your password has been reset.",
        "throttled": "Too many password reset requests. Please try again in %d minutes.",
    },
    "fr": {
        "lost_title": "Mot de passe oublié",
        "lost_intro": "Veuillez saisir votre identifiant ou votre adresse e-mail. Un lien permettant de créer "
                      "un nouveau mot de passe vous sera envoyé par e-mail.",
        "user_login": "Identifiant ou adresse e-mail",
        "get_new": "Générer un mot de passe",
        "log_in": "Se connecter",
        "lost_link": "Mot de passe oublié ?",
        "empty_username": "veuillez saisir un identifiant ou une adresse e-mail.",
        "invalidcombo": "il n’y a aucun compte avec cet identifiant ou cette adresse e-mail.",
        "mail_failure": "l’e-mail n’a pas pu être envoyé. Votre site n’est peut-être pas correctement configuré "
                        "pour envoyer des e-mails.",
        "invalidkey": "Votre lien de réinitialisation de mot de passe semble invalide. Veuillez demander un "
                      "nouveau lien ci-dessous.",
        "expiredkey": "Votre lien de réinitialisation de mot de passe a expiré. Veuillez demander un nouveau "
                      "lien ci-dessous.",
        "check_title": "Consultez vos e-mails",
        "check_email": "Consultez vos e-mails pour y trouver le lien de confirmation, puis rendez-vous sur la "
                       '<a href="%s">page de connexion</a>.',
        "rp_title": "Réinitialiser le mot de passe",
        "rp_intro": "Saisissez votre nouveau mot de passe ci-dessous ou générez-en un.",
        "pass1": "Nouveau mot de passe",
        "pass2": "Confirmer le nouveau mot de passe",
        "hint": "Conseil : Le mot de passe devrait contenir au moins douze caractères. Pour le rendre plus sûr, "
                "utilisez des lettres en majuscules et minuscules, des nombres, et des symboles tels que "
                "! \" ? $ % ^ &amp; ).",
        "save": "Enregistrer le mot de passe",
        "mismatch": "les mots de passe ne correspondent pas.",
        "done_title": "Réinitialisation du mot de passe",
        "done": "Votre mot de passe a été réinitialisé.",
        "throttled": "trop de demandes de réinitialisation. Veuillez réessayer dans %d minutes.",
    },
}

ACTIONS = ("lostpassword", "retrievepassword", "rp", "resetpass")
# Lost-password requests are counted apart from wrong passwords for the same account.
THROTTLE_PREFIX = "lostpassword:"


def rp_cookie_name(request: Request) -> str:
    """wp-resetpass-COOKIEHASH, COOKIEHASH being md5( siteurl )."""
    site_url = request.app.state.settings.site_url.rstrip("/")
    return "wp-resetpass-" + hashlib.md5(site_url.encode("utf-8")).hexdigest()


def _rp_cookie(request: Request, value: str | None) -> str:
    secure = "; Secure" if request.app.state.settings.site_url.startswith("https://") else ""
    if value is None:
        return f"{rp_cookie_name(request)}=%20; Max-Age=0; Path=/wp-login.php; HttpOnly{secure}"
    return f"{rp_cookie_name(request)}={quote(value, safe='')}; Path=/wp-login.php; HttpOnly{secure}"


def _error(lang: str, key: str) -> str:
    return login.TEXT[lang]["error"] + TEXT[lang][key]


def _lost_form(lang: str, *, user_login: str = "", redirect_to: str = "", error: str = "",
               message: str = "") -> str:
    t = TEXT[lang]
    # WordPress 6.1 prints the instructions first, then the error.
    parts = [f'<p class="message" role="status">{message or t["lost_intro"]}</p>']
    if error:
        parts.append(f'<div id="login_error" role="alert">{error}<br></div>')
    parts.append(
        '<form name="lostpasswordform" id="lostpasswordform" action="/wp-login.php?action=lostpassword" '
        'method="post">\n'
        f'<p><label for="user_login">{t["user_login"]}</label>\n'
        f'<input type="text" name="user_login" id="user_login" class="input" value="{escape(user_login)}" '
        'size="20" autocapitalize="off" autocomplete="username" required autofocus'
        f'{" aria-describedby=login_error" if error else ""}></p>\n'
        f'<input type="hidden" name="redirect_to" value="{escape(redirect_to)}">\n'
        '<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary '
        f'button-large" value="{t["get_new"]}"></p>\n</form>\n'
        f'<p id="nav"><a href="/wp-login.php">{t["log_in"]}</a></p>'
    )
    return "\n".join(parts)


def _lost_page(lang: str, site: Site, status: int = 200, **form: str) -> Response:
    return login._page(lang, site, TEXT[lang]["lost_title"], _lost_form(lang, **form), status=status)


async def _find_user(request: Request, user_login: str) -> UserRow | None:
    """retrieve_password(): an address is looked up as an e-mail, anything else as a login."""
    storage = request.app.state.storage
    if "@" in user_login:
        return await get_user_row_by_email(storage, user_login)
    return await get_user_row_by_login(storage, user_login)


def _throttled(lang: str, site: Site, wait: int, user_login: str, redirect_to: str) -> Response:
    minutes = max(1, -(-wait // 60))
    response = _lost_page(lang, site, status=429, user_login=user_login, redirect_to=redirect_to,
                          error=_error(lang, "throttled") % minutes)
    response.headers["Retry-After"] = str(wait)
    return response


async def _lost_password(request: Request, site: Site, lang: str) -> Response:
    redirect_param = request.query_params.get("redirect_to")
    if request.method != "POST":
        error_code = request.query_params.get("error")
        error = _error(lang, error_code) if error_code in ("invalidkey", "expiredkey") else ""
        redirect_to = login._checked_redirect(request, redirect_param) or ""
        return _lost_page(lang, site, redirect_to=redirect_to, error=error)

    form = await request.form()
    raw_login, raw_redirect = form.get("user_login"), form.get("redirect_to")
    user_login = raw_login.strip() if isinstance(raw_login, str) else ""
    redirect_to = login._checked_redirect(request, raw_redirect if isinstance(raw_redirect, str) else None)
    if not user_login:
        return _lost_page(lang, site, redirect_to=redirect_to or "", error=_error(lang, "empty_username"))

    storage, settings = request.app.state.storage, request.app.state.settings
    ip = client_ip(request, settings)
    user = await _find_user(request, user_login[:200])
    account = THROTTLE_PREFIX + (str(user["user_login"]) if user is not None else user_login)
    wait = await throttle.retry_after(storage, ip=ip, account=account)
    if wait is not None:
        return _throttled(lang, site, wait, user_login, redirect_to or "")
    # Every request counts, found or not: probing for accounts and flooding a mailbox both stop.
    await throttle.record_failure(storage, ip=ip, account=account)
    if user is None:
        return _lost_page(lang, site, user_login=user_login, redirect_to=redirect_to or "",
                          error=_error(lang, "invalidcombo"))

    key = new_key()
    async with storage.db.transaction():
        # get_password_reset_key(): a new key replaces any earlier one.
        await update_user_row(storage, int(user["ID"]), {
            "user_activation_key": stored_value(key, legacy=settings.legacy_61)})
        # WordPress names the requester's address unless a signed-in user asked.
        requester_ip = None if await signed_in(request) is not None else ip
        queued = await queue_reset_mail(
            storage, settings, to=str(user["user_email"]), login=str(user["user_login"]), key=key,
            blogname=site.option("blogname"), lang=lang, requester_ip=requester_ip)
    if not queued:
        return _lost_page(lang, site, user_login=user_login, redirect_to=redirect_to or "",
                          error=_error(lang, "mail_failure"))
    return RedirectResponse(redirect_to or "/wp-login.php?checkemail=confirm", 302, headers=NO_STORE)


def check_email_page(lang: str, site: Site) -> Response:
    body = f'<p class="message" id="login-message" role="status">{TEXT[lang]["check_email"] % "/wp-login.php"}</p>'
    return login._page(lang, site, TEXT[lang]["check_title"], body)


def _rp_form(lang: str, user_login: str, key: str, error: str = "") -> str:
    t = TEXT[lang]
    parts = [f'<div id="login_error" role="alert">{error}<br></div>'] if error else []
    parts.append(f'<p class="message reset-pass" role="status">{t["rp_intro"]}</p>')
    parts.append(
        '<form name="resetpassform" id="resetpassform" action="/wp-login.php?action=resetpass" method="post" '
        'autocomplete="off">\n'
        f'<input type="hidden" id="user_login" value="{escape(user_login)}" autocomplete="off">\n'
        f'<p><label for="pass1">{t["pass1"]}</label>\n'
        '<input type="password" name="pass1" id="pass1" class="input password-input" size="24" value="" '
        'autocomplete="new-password" spellcheck="false" required autofocus aria-describedby="pass-hint"></p>\n'
        f'<p><label for="pass2">{t["pass2"]}</label>\n'
        '<input type="password" name="pass2" id="pass2" class="input" size="20" value="" '
        'autocomplete="new-password" spellcheck="false" required></p>\n'
        f'<p class="description indicator-hint" id="pass-hint">{t["hint"]}</p>\n'
        f'<input type="hidden" name="rp_key" value="{escape(key)}">\n'
        '<p class="submit reset-pass-submit"><input type="submit" name="wp-submit" id="wp-submit" '
        f'class="button button-primary button-large" value="{t["save"]}"></p>\n</form>\n'
        f'<p id="nav"><a href="/wp-login.php">{t["log_in"]}</a></p>'
    )
    return "\n".join(parts)


async def _reset_password(request: Request, site: Site, lang: str) -> Response:
    query = request.query_params
    if request.method != "POST" and query.get("key") is not None and query.get("login") is not None:
        # Move the key from the address into a cookie, then come back without it.
        value = f"{query.get('login', '')}:{query.get('key', '')}"
        target = "/wp-login.php?action=rp" + (f"&wp_lang={quote(query['wp_lang'])}" if query.get("wp_lang") else "")
        response = RedirectResponse(target, 302, headers=NO_STORE)
        response.headers.append("set-cookie", _rp_cookie(request, value))
        return response

    storage, settings = request.app.state.storage, request.app.state.settings
    ip = client_ip(request, settings)
    cookie = unquote(request.cookies.get(rp_cookie_name(request), ""))
    rp_login, sep, rp_key = cookie.partition(":")
    form = await request.form() if request.method == "POST" else None
    outcome = "invalid"
    user: UserRow | None = None
    if sep and rp_login:
        wait = await throttle.retry_after(storage, ip=ip, account=rp_login)
        if wait is not None:
            return _throttled(lang, site, wait, "", "")
        user = await get_user_row_by_login(storage, rp_login)
        if user is not None:
            outcome = check_key(str(user.get("user_activation_key") or ""), rp_key)
        if outcome == "invalid":
            await throttle.record_failure(storage, ip=ip, account=rp_login)
        posted_key = form.get("rp_key") if form is not None else None
        if form is not None and form.get("pass1") is not None and not (
                isinstance(posted_key, str) and hmac.compare_digest(posted_key.encode(), rp_key.encode())):
            outcome = "invalid"
    if outcome != "ok" or user is None:
        error = "expiredkey" if outcome == "expired" else "invalidkey"
        response = RedirectResponse(f"/wp-login.php?action=lostpassword&error={error}", 302, headers=NO_STORE)
        response.headers.append("set-cookie", _rp_cookie(request, None))
        return response

    if form is not None:
        pass1, pass2 = form.get("pass1"), form.get("pass2")
        if isinstance(pass1, str) and isinstance(pass2, str) and pass1 != pass2:
            body = _rp_form(lang, rp_login, rp_key, _error(lang, "mismatch"))
            return login._page(lang, site, TEXT[lang]["rp_title"], body)
        if isinstance(pass1, str) and pass1.strip():
            # reset_password() → wp_set_password(): the hash, the key emptied (one use).
            await update_user_row(storage, int(user["ID"]), {
                "user_pass": hash_login_password(pass1, legacy=settings.legacy_61), "user_activation_key": ""})
            await destroy_user_sessions(storage, int(user["ID"]))
            await throttle.clear(storage, account=str(user["user_login"]))
            t = TEXT[lang]
            body = (f'<p class="message reset-pass" role="status">{t["done"]} '
                    f'<a href="/wp-login.php">{t["log_in"]}</a></p>')
            response = login._page(lang, site, t["done_title"], body)
            response.headers.append("set-cookie", _rp_cookie(request, None))
            return response
    return login._page(lang, site, TEXT[lang]["rp_title"], _rp_form(lang, rp_login, rp_key))


async def wp_login(request: Request) -> Response:
    """/wp-login.php: the lost-password actions here, everything else in web.login."""
    action = request.query_params.get("action", "")
    if action not in ACTIONS and request.query_params.get("checkemail") != "confirm":
        return await login.wp_login(request)
    site = await load_site(request.app.state.storage, request.app.state.settings)
    lang = await page_language(request, site)
    if action in ("lostpassword", "retrievepassword"):
        return await _lost_password(request, site, lang)
    if action in ("rp", "resetpass"):
        return await _reset_password(request, site, lang)
    return check_email_page(lang, site)
