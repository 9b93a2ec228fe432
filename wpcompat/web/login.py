"""`/wp-login.php`: signing the site's users in and out, as WordPress's login page does.

    GET  /wp-login.php[?redirect_to=…]               the form (fields log, pwd, rememberme, redirect_to)
    POST /wp-login.php                                 sign in → 302 redirect_to (checked), or the form
                                                       again with WordPress's error
    GET  /wp-login.php?action=logout&_wpnonce=…        sign out (nonce "log-out" of the session);
                                                       without a valid nonce, a confirmation page
    GET  /wp-login.php?loggedout=true                  "You are now logged out."

A user signs in with their login or email and the password WordPress stored (phpass `$P$`,
6.8+'s `$wp$2y$` bcrypt, see auth.passwords). Failures are throttled per account and per
address (auth.throttle). The session is the site's (auth.sessions): 14 days with "Remember
Me", else 2 days in a browser-session cookie, as WordPress's auth cookie.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from auth import throttle
from auth.capabilities import User, has_cap, load_user_by_email, load_user_by_login
from auth.passwords import check_login_password
from auth.sessions import (
    SESSION_LIFETIME,
    clear_cookie_header,
    create_session,
    destroy_session,
    set_cookie_header,
)
from wpcompat.rest.authentication import client_ip
from wpcompat.site import Site, load_site
from wpcompat.storage.users import get_user_row
from wpcompat.util.redirects import validate_redirect
from wpcompat.util.urls import url_host
from wpcompat.web.signed_in import NO_STORE, current_session, page_language, signed_in

LOGOUT_ACTION = "log-out"
# WordPress's auth cookie without "Remember Me" lasts two days.
SHORT_LIFETIME = 2 * 86400
MODERATION_PATH = "/wp-admin/edit-comments.php"

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Log In", "log": "Username or Email Address", "pwd": "Password", "remember": "Remember Me",
        "submit": "Log In", "back": "&larr; Go to %s", "show": "Show password",
        "error": "<strong>Error:</strong> ",
        "empty_username": "The username field is empty.",
        "empty_password": "The password field is empty.",
        "invalid_username": "The username <strong>%s</strong> is not registered on this site. "
                            "If you are unsure of your username, try your email address instead.",
        "invalid_email": "Unknown email address. Check again or try your username.",
        "incorrect_password": "The password you entered for the username <strong>%s</strong> is incorrect.",
        "incorrect_email_password": "The password you entered for the email address <strong>%s</strong> is incorrect.",
        "throttled": "Too many failed login attempts. Please try again in %d minutes.",
        "loggedout": "You are now logged out.",
        "logout_title": "Something went wrong.",
        "logout_confirm": "You are attempting to log out of %s",
        "logout_really": 'Do you really want to <a href="%s">log out</a>?',
        "lost": "Lost your password?",
    },
    "fr": {
        "title": "Connexion", "log": "Identifiant ou adresse e-mail", "pwd": "Mot de passe",
        "remember": "Se souvenir de moi", "submit": "Se connecter", "back": "&larr; Aller sur %s",
        "show": "Afficher le mot de passe",
        "error": "<strong>Erreur :</strong> ",
        "empty_username": "le champ de l’identifiant est vide.",
        "empty_password": "le champ du mot de passe est vide.",
        "invalid_username": "l’identifiant <strong>%s</strong> n’est pas enregistré sur ce site. "
                            "Si vous n’êtes pas sûr de votre identifiant, essayez plutôt avec votre adresse e-mail.",
        "invalid_email": "Adresse e-mail inconnue. Vérifiez-la ou essayez avec votre identifiant.",
        "incorrect_password": "le mot de passe que vous avez saisi pour l’identifiant <strong>%s</strong> est incorrect.",
        "incorrect_email_password": "le mot de passe que vous avez saisi pour l’adresse e-mail "
                                    "<strong>%s</strong> est incorrect.",
        "throttled": "trop de tentatives de connexion échouées. Veuillez réessayer dans %d minutes.",
        "loggedout": "Vous êtes maintenant déconnecté.",
        "logout_title": "Une erreur s’est produite.",
        "logout_confirm": "Vous êtes sur le point de vous déconnecter de %s",
        "logout_really": 'Voulez-vous vraiment vous <a href="%s">déconnecter</a> ?',
        "lost": "Mot de passe oublié ?",
    },
}

_STYLE = """
body{background:#f0f0f1;color:#3c434a;font:13px/1.4 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;margin:0}
#login{width:320px;margin:auto;padding:8% 0 0}
#login h1{text-align:center;font-size:20px;margin:0 0 24px}
#login h1 a{color:#3c434a;text-decoration:none}
#loginform{background:#fff;border:1px solid #c3c4c7;box-shadow:0 1px 3px rgba(0,0,0,.04);padding:26px 24px;margin-top:20px}
#loginform label{display:block;font-size:14px;margin-bottom:3px}
#loginform .input{width:100%;box-sizing:border-box;font-size:24px;padding:3px 5px;margin:0 0 16px;border:1px solid #8c8f94;border-radius:4px}
#loginform .input:focus{border-color:#2271b1;outline:2px solid #2271b1}
.forgetmenot label{display:inline!important;font-size:13px!important}
.submit{text-align:right;margin-top:-22px}
#wp-submit{background:#2271b1;border:1px solid #2271b1;color:#fff;border-radius:3px;font-size:13px;min-height:32px;padding:0 12px;cursor:pointer}
#wp-submit:focus{outline:2px solid #135e96;outline-offset:2px}
#login_error,.message{background:#fff;border-left:4px solid #d63638;box-shadow:0 1px 1px rgba(0,0,0,.04);padding:12px;margin-bottom:20px}
.message{border-left-color:#72aee6}
#backtoblog{padding:0 24px;margin:24px 0 0}
#backtoblog a{color:#50575e}
"""


def _page(lang: str, site: Site, title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!DOCTYPE html>\n<html lang="{"fr-FR" if lang == "fr" else "en-US"}">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n'
        f"<title>{escape(title)} &lsaquo; {escape(site.option('blogname'))} &#8212; WordPress</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta name='robots' content='noindex, follow'>\n"
        f"<style>{_STYLE}</style>\n</head>\n"
        f'<body class="login no-js login-action-login wp-core-ui locale-{"fr-fr" if lang == "fr" else "en-us"}">\n'
        f'<div id="login">\n<h1><a href="{escape(site.home)}">{escape(site.option("blogname"))}</a></h1>\n'
        f"{body}\n"
        f'<p id="backtoblog"><a href="{escape(site.home)}">'
        f"{TEXT[lang]['back'] % escape(site.option('blogname'))}</a></p>\n"
        "</div>\n</body>\n</html>\n"
    )
    headers = {**NO_STORE, "X-Frame-Options": "SAMEORIGIN", "Referrer-Policy": "strict-origin-when-cross-origin"}
    return HTMLResponse(html, status_code=status, headers=headers)


def _form(lang: str, *, log: str, redirect_to: str, remember: bool, error: str = "", message: str = "") -> str:
    t = TEXT[lang]
    parts = []
    if error:
        parts.append(f'<div id="login_error" role="alert">{error}<br></div>')
    if message:
        parts.append(f'<p class="message" role="status">{message}<br></p>')
    parts.append(
        '<form name="loginform" id="loginform" action="/wp-login.php" method="post">\n'
        f'<p><label for="user_login">{t["log"]}</label>\n'
        f'<input type="text" name="log" id="user_login" class="input" value="{escape(log)}" size="20" '
        f'autocapitalize="off" autocomplete="username" required{" autofocus" if not log else ""}'
        f'{" aria-describedby=login_error" if error else ""}></p>\n'
        f'<div class="user-pass-wrap"><label for="user_pass">{t["pwd"]}</label>\n'
        '<input type="password" name="pwd" id="user_pass" class="input password-input" value="" size="20" '
        f'autocomplete="current-password" spellcheck="false" required{" autofocus" if log else ""}></div>\n'
        '<p class="forgetmenot"><input name="rememberme" type="checkbox" id="rememberme" value="forever"'
        f'{" checked" if remember else ""}> <label for="rememberme">{t["remember"]}</label></p>\n'
        f'<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary '
        f'button-large" value="{t["submit"]}">\n'
        f'<input type="hidden" name="redirect_to" value="{escape(redirect_to)}">\n'
        '<input type="hidden" name="testcookie" value="1"></p>\n</form>\n'
        f'<p id="nav"><a href="/wp-login.php?action=lostpassword">{t["lost"]}</a></p>'
    )
    return "\n".join(parts)


def _default_destination(site: Site, user: User) -> str:
    """admin_url() for whoever can use the moderation screen, the site's home for others
    (WordPress sends subscribers to their profile, which wpcompat does not have)."""
    if has_cap(user, "edit_posts") or has_cap(user, "moderate_comments"):
        return site.home.rstrip("/") + MODERATION_PATH
    return site.home.rstrip("/") + "/"


def _checked_redirect(request: Request, target: str | None) -> str | None:
    """`redirect_to` checked as the social login's (wp_validate_redirect's rules, on the site's
    host or a listed front end's), made absolute; None when refused or absent."""
    if not target or len(target) > 2000:
        return None
    settings = request.app.state.settings
    # The site's own host first (wp_validate_redirect's home), then the listed front ends':
    # the moderation screen sends signed-out moderators here with an absolute redirect_to.
    hosts = [h for h in (url_host(o) for o in (settings.site_url, *settings.allowed_redirect_origins)) if h]
    location = validate_redirect(target, "", hosts, request_path="/wp-login.php")
    if not location:
        return None
    return settings.site_url.rstrip("/") + location if location.startswith("/") else location


async def _authenticate(request: Request, log: str, pwd: str, lang: str) -> tuple[User | None, str]:
    """wp_authenticate(): the user, or WordPress's error (HTML) for these credentials."""
    t = TEXT[lang]
    storage = request.app.state.storage
    if not log:
        return None, t["error"] + t["empty_username"] + ("<br>" + t["error"] + t["empty_password"] if not pwd else "")
    if not pwd:
        return None, t["error"] + t["empty_password"]
    by_email = "@" in log
    user = await (load_user_by_email(storage, log) if by_email else load_user_by_login(storage, log))
    if user is None and by_email:
        # wp_authenticate_username_password() runs first: an address may be someone's login.
        user = await load_user_by_login(storage, log)
        by_email = user is None
    if user is None:
        return None, (t["error"] + t["invalid_email"]) if by_email else (t["error"] + t["invalid_username"] % escape(log))
    row = await get_user_row(storage, user.id)
    stored = str((row or {}).get("user_pass") or "")
    if not check_login_password(pwd, stored):
        key = "incorrect_email_password" if by_email else "incorrect_password"
        return None, t["error"] + t[key] % escape(log)
    return user, ""


async def _login_form(request: Request, site: Site, lang: str) -> Response:
    query = request.query_params
    if query.get("action") == "logout":
        return await _logout(request, site, lang)
    message = TEXT[lang]["loggedout"] if query.get("loggedout") == "true" else ""
    redirect_to = _checked_redirect(request, query.get("redirect_to")) or ""
    body = _form(lang, log="", redirect_to=redirect_to, remember=False, message=message)
    return _page(lang, site, TEXT[lang]["title"], body)


async def _sign_in(request: Request, site: Site, lang: str) -> Response:
    form = await request.form()

    def field(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    # wp_authenticate() trims both; sanitize_user() is not applied to what is looked up.
    log, pwd = field("log").strip(), field("pwd").strip()
    remember = field("rememberme") == "forever"
    redirect_to = _checked_redirect(request, field("redirect_to"))
    storage, settings = request.app.state.storage, request.app.state.settings
    ip = client_ip(request, settings)
    account = log.lower() or None

    wait = await throttle.retry_after(storage, ip=ip, account=account)
    if wait is not None:
        minutes = max(1, -(-wait // 60))
        error = TEXT[lang]["error"] + TEXT[lang]["throttled"] % minutes
        body = _form(lang, log=log, redirect_to=redirect_to or "", remember=remember, error=error)
        response = _page(lang, site, TEXT[lang]["title"], body, status=429)
        response.headers["Retry-After"] = str(wait)
        return response

    user, error = await _authenticate(request, log, pwd, lang)
    if user is None:
        if log and pwd:
            await throttle.record_failure(storage, ip=ip, account=account)
        body = _form(lang, log=log, redirect_to=redirect_to or "", remember=remember, error=error)
        # WordPress answers 200 with the form; so do we (scripts look for #login_error).
        return _page(lang, site, TEXT[lang]["title"], body)

    if account:
        await throttle.clear(storage, account=account)
    old = await current_session(request)
    if old is not None:
        await destroy_session(storage, old)  # no session fixation
    session = await create_session(storage, settings, user_id=user.id,
                                   lifetime=SESSION_LIFETIME if remember else SHORT_LIFETIME)
    destination = redirect_to or _default_destination(site, user)
    response = RedirectResponse(destination, status_code=302, headers=NO_STORE)
    response.headers.append("set-cookie", set_cookie_header(settings, session, persistent=remember))
    return response


def logout_url(request: Request, nonce: str, redirect_to: str | None = None) -> str:
    params: dict[str, Any] = {"action": "logout"}
    if redirect_to:
        params["redirect_to"] = redirect_to
    params["_wpnonce"] = nonce
    return "/wp-login.php?" + urlencode(params)


async def _logout(request: Request, site: Site, lang: str) -> Response:
    storage, settings = request.app.state.storage, request.app.state.settings
    who = await signed_in(request)
    redirect_to = _checked_redirect(request, request.query_params.get("redirect_to"))
    if who is None:
        # Nobody to sign out (or a commenter's session, which /auth/logout ends).
        return RedirectResponse(redirect_to or "/wp-login.php?loggedout=true", 302, headers=NO_STORE)
    if not who.check(request, LOGOUT_ACTION, request.query_params.get("_wpnonce")):
        # wp_nonce_ays( 'log-out' ): a link from elsewhere must not sign anyone out.
        t = TEXT[lang]
        url = logout_url(request, who.nonce(request, LOGOUT_ACTION), redirect_to)
        body = (f'<div class="message" role="alert"><p>{t["logout_confirm"] % escape(site.option("blogname"))}</p>'
                f'<p>{t["logout_really"] % escape(url)}</p></div>')
        return _page(lang, site, t["logout_title"], body, status=403)
    await destroy_session(storage, who.session)
    response = RedirectResponse(redirect_to or "/wp-login.php?loggedout=true", 302, headers=NO_STORE)
    response.headers.append("set-cookie", clear_cookie_header(settings))
    return response


async def wp_login(request: Request) -> Response:
    site = await load_site(request.app.state.storage, request.app.state.settings)
    lang = await page_language(request, site)
    if request.method == "POST":
        return await _sign_in(request, site, lang)
    return await _login_form(request, site, lang)
