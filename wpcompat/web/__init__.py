"""HTTP entry points that answer in HTML or redirects: the classic comment form, WordPress's
public addresses and their default theme (public_routes, theme/; the URL → query steps are
wpcompat/rewrite.py and wpcompat/public_query.py), the widget's files, admin-ajax, the favicon,
the social-login routes, wp_die()'s error page, the login page (login.py, signed_in.py) and the
moderation screen (moderation/)."""
