"""HTTP entry points that answer in HTML or redirects: the classic comment form, the front page,
the post page, the social-login routes, wp_die()'s error page,
the login page (login.py, signed_in.py) and the moderation screen (moderation/)."""
