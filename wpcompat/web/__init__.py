"""HTTP entry points that answer in HTML or redirects: the classic comment form, the front page,
the post page, the social-login routes, and wp_die()'s error page."""
