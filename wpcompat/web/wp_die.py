"""wp_die()'s HTML error page, as WordPress 6.1 prints it (default handler, no theme).

The markup and style are WordPress's output format, reproduced so that clients and tests that
look at these pages see the same thing.
"""

from __future__ import annotations

from html import escape

_HEAD = (
    '<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n'
    '\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
    '\t<meta name="viewport" content="width=device-width">\n'
    "\t\t<meta name='robots' content='max-image-preview:large, noindex, follow' />\n"
    "\t<title>{title}</title>\n\t"
)
_STYLE = """<style type="text/css">
		html {
			background: #f1f1f1;
		}
		body {
			background: #fff;
			border: 1px solid #ccd0d4;
			color: #444;
			font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Oxygen-Sans, Ubuntu, Cantarell, "Helvetica Neue", sans-serif;
			margin: 2em auto;
			padding: 1em 2em;
			max-width: 700px;
			-webkit-box-shadow: 0 1px 1px rgba(0, 0, 0, .04);
			box-shadow: 0 1px 1px rgba(0, 0, 0, .04);
		}
		h1 {
			border-bottom: 1px solid #dadada;
			clear: both;
			color: #666;
			font-size: 24px;
			margin: 30px 0 0 0;
			padding: 0;
			padding-bottom: 7px;
		}
		#error-page {
			margin-top: 50px;
		}
		#error-page p,
		#error-page .wp-die-message {
			font-size: 14px;
			line-height: 1.5;
			margin: 25px 0 20px;
		}
		#error-page code {
			font-family: Consolas, Monaco, monospace;
		}
		ul li {
			margin-bottom: 10px;
			font-size: 14px ;
		}
		a {
			color: #0073aa;
		}
		a:hover,
		a:active {
			color: #006799;
		}
		a:focus {
			color: #124964;
			-webkit-box-shadow:
				0 0 0 1px #5b9dd9,
				0 0 2px 1px rgba(30, 140, 190, 0.8);
			box-shadow:
				0 0 0 1px #5b9dd9,
				0 0 2px 1px rgba(30, 140, 190, 0.8);
			outline: none;
		}
		.button {
			background: #f3f5f6;
			border: 1px solid #016087;
			color: #016087;
			display: inline-block;
			text-decoration: none;
			font-size: 13px;
			line-height: 2;
			height: 28px;
			margin: 0;
			padding: 0 10px 1px;
			cursor: pointer;
			-webkit-border-radius: 3px;
			-webkit-appearance: none;
			border-radius: 3px;
			white-space: nowrap;
			-webkit-box-sizing: border-box;
			-moz-box-sizing:    border-box;
			box-sizing:         border-box;

			vertical-align: top;
		}

		.button.button-large {
			line-height: 2.30769231;
			min-height: 32px;
			padding: 0 12px;
		}

		.button:hover,
		.button:focus {
			background: #f1f1f1;
		}

		.button:focus {
			background: #f3f5f6;
			border-color: #007cba;
			-webkit-box-shadow: 0 0 0 1px #007cba;
			box-shadow: 0 0 0 1px #007cba;
			color: #016087;
			outline: 2px solid transparent;
			outline-offset: 0;
		}

		.button:active {
			background: #f3f5f6;
			border-color: #7e8993;
			-webkit-box-shadow: none;
			box-shadow: none;
		}

			"""
_BODY = (
    '</style>\n</head>\n<body id="error-page">\n'
    '\t<div class="wp-die-message">{message}</div>\n'
    "{back}</body>\n</html>\n"
)


def wp_die_page(message: str, *, title: str, lang: str = "en-US", back: str | None = "&laquo; Back",
                trailing: str = "\t") -> str:
    """The page for `message` (HTML, already escaped by the caller). `back`: the text of the
    history.back() link (None: no link). `trailing`: what follows `</html>\n` (the comment
    form's own dies leave a tab there, a die from inside wp_allow_comment() does not)."""
    link = f"<p><a href='javascript:history.back()'>{back}</a></p>" if back else ""
    return (
        _HEAD.format(lang=escape(lang), title=title) + _STYLE
        + _BODY.format(message=message, back=link) + trailing
    )
