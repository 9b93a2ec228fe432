"""HTTP entry points that answer in HTML or redirects: the classic comment form, WordPress's
public addresses and their default theme (public_routes, rewrite, public_query, theme/), the
widget's files, admin-ajax, the social-login routes, and wp_die()'s error page."""
