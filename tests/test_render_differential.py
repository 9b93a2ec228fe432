"""Differential test against a live WordPress 6.1 install (opt-in, needs PHP).

Set ``WPCOMPAT_RENDER_DIFF=1`` (and ``WP_ROOT`` if WordPress is not in /usr/share/wordpress,
e.g. the oracle's Debian package) to run random inputs through WordPress's own PHP functions
and through ours, and require identical output. The PHP side only reads the database (site
options); inputs avoid ``[embed]``, ``[gallery]`` and bare URLs in post content, which would
make WordPress query or cache oEmbed data. Inputs on which WordPress itself throws (a
``[caption]`` with no attributes around an image: PHP TypeError) are skipped.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from wpcompat.render import emoji, feed, pipelines
from wpcompat.render.autop import wpautop
from wpcompat.render.balance import force_balance_tags
from wpcompat.render.clickable import make_clickable
from wpcompat.render.css import safecss_filter_attr
from wpcompat.render.formatting import esc_url, sanitize_text_field, sanitize_title, wp_strip_all_tags
from wpcompat.render.kses import wp_kses_data, wp_kses_post
from wpcompat.render.shortcodes import strip_shortcodes
from wpcompat.render.smilies import convert_smilies
from wpcompat.render.texturize import wptexturize

WP_ROOT = Path(os.environ.get("WP_ROOT", "/usr/share/wordpress"))
SITE = os.environ.get("WP_SITE_URL", "http://127.0.0.1:8080")
ENABLED = os.environ.get("WPCOMPAT_RENDER_DIFF") == "1"

PHP_HARNESS = r"""<?php
$_SERVER['HTTP_HOST'] = getenv('WP_HOSTPORT') ?: '127.0.0.1:8080';
$_SERVER['SERVER_NAME'] = '127.0.0.1'; $_SERVER['SERVER_PORT'] = '8080'; $_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET'; $_SERVER['REMOTE_ADDR'] = '127.0.0.1'; $_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
define('WP_USE_THEMES', false);
require getenv('WP_ROOT') . '/wp-load.php';
function as_user($id, $filter, $text) {
    wp_set_current_user($id);
    $r = wp_unslash(apply_filters($filter, wp_slash($text)));
    wp_set_current_user(0);
    return $r;
}
function run($fn, $a) {
    switch ($fn) {
        case 'the_content': return apply_filters('the_content', $a[0]);
        case 'the_title': return apply_filters('the_title', $a[0], 0);
        case 'comment_text': return apply_filters('comment_text', $a[0], null, array());
        case 'pre_comment_content_anon': return as_user(0, 'pre_comment_content', $a[0]);
        case 'pre_comment_content_admin': return as_user(1, 'pre_comment_content', $a[0]);
        case 'content_save_pre_author': return as_user(2, 'content_save_pre', $a[0]);
        default: return call_user_func_array($fn, $a);
    }
}
while (($line = fgets(STDIN)) !== false) {
    $req = json_decode($line, true);
    ob_start();
    try { $out = run($req['fn'], $req['args']); $err = null; } catch (Throwable $e) { $out = null; $err = $e->getMessage(); }
    ob_end_clean();
    echo json_encode(array('out' => $out, 'err' => $err), JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR), "\n";
    flush();
}
"""

WORDS = ["word", "l'eau", "it's", "'99", "'twas", "9'", '12"', "3x4", "0x12", "Wordpress", "café", "Œuvre", "«", "»", "…",
         "(tm)", "xn--abc", "“", "—", ".", ",", "!", "?", ":", ";", "(", ")", "[", "]", "-", "--", "---", "...", "'", '"',
         "&", "&amp;", "&nbsp;", "\u00a0", "&#8217;", "&bogus;", "&#150;", "<", ">", "<3", "&lt;"]  # fmt: skip
SPACES = [" ", " ", "\n", "\n\n", "\t", "\r\n"]
TAGS = ["<b>", "</b>", "<em>", "</em>", '<a href="http://ex.com/a?b=1&c=2">', "<a href='https://x.fr' target='_blank'>", "</a>",
        "<p>", "</p>", "<div>", "</div>", "<br>", "<hr>", "<pre>", "</pre>", "<code>", "</code>", "<blockquote>",
        "</blockquote>", "<ul>", "<li>", "</li>", "</ul>", "<script>", "</script>", '<img src="x.png" width="1" height="1">',
        "<img src=x onerror=alert(1)>", "<!--more-->", "<!-- c -->", '<span style="color:red;x:y">', "</span>",
        '<q cite="javascript:alert(1)">', "</q>", '<A HREF="JavaScript:alert(1)">', "<kbd>", "</kbd>", "<!--"]  # fmt: skip
SMILIES = [":)", ":-)", ";)", ":D", ":mrgreen:", "8O", ":?:", "🙂", "❤️"]
SHORTCODES = [
    '[caption width="100"]<img src="x" width="100" height="5" /> cap[/caption]',
    "[unknown a=1]",
    "[[caption]]",
]
BLOCKS = ["<!-- wp:paragraph -->", "<!-- /wp:paragraph -->", "<!-- wp:separator /-->", "<!-- /wp:list -->"]
URLS = ["http://example.com", "www.example.org", "a.b@example.com", "(http://en.wikipedia.org/wiki/A_(B))"]


def _text(rng: random.Random, *pools: list[str]) -> str:
    chosen = [WORDS, WORDS, SPACES, TAGS, SMILIES, *pools]
    return "".join(
        rng.choice(rng.choice(chosen)) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(1, 25))
    )


Generator = Callable[[random.Random], str]
CASES: dict[str, tuple[Callable[[str], str], Generator]] = {
    "wptexturize": (wptexturize, lambda r: _text(r, SHORTCODES)),
    "wpautop": (wpautop, lambda r: _text(r)),
    "convert_smilies": (
        lambda s: convert_smilies(s, smilies_url=SITE + "/wp-includes/images/smilies/"),
        _text,
    ),
    "make_clickable": (make_clickable, lambda r: _text(r, URLS)),
    "wp_kses_data": (wp_kses_data, lambda r: _text(r)),
    "wp_kses_post": (wp_kses_post, lambda r: _text(r)),
    "force_balance_tags": (force_balance_tags, lambda r: _text(r)),
    "wp_strip_all_tags": (wp_strip_all_tags, lambda r: _text(r)),
    "sanitize_title": (sanitize_title, lambda r: _text(r)),
    "sanitize_text_field": (sanitize_text_field, lambda r: _text(r)),
    "esc_url": (esc_url, lambda r: r.choice([*URLS, "javascript:alert(1)", "ex.com/a'b", "http://x/?a=[1]"])),
    "strip_shortcodes": (strip_shortcodes, lambda r: _text(r, SHORTCODES)),
    "safecss_filter_attr": (
        safecss_filter_attr,
        lambda r: r.choice(["color:red", "x:y", "width:calc(1px + 2%)", "a:url(x)"]),
    ),
    "wp_staticize_emoji": (emoji.wp_staticize_emoji, lambda r: _text(r)),
    "ent2ncr": (feed.ent2ncr, lambda r: _text(r)),
    "the_title": (lambda s: pipelines.the_title(s), lambda r: _text(r)),
    "comment_text": (lambda s: pipelines.comment_text(s), lambda r: _text(r, URLS)),
    "the_content": (lambda s: pipelines.the_content(s), lambda r: _text(r, SHORTCODES, BLOCKS)),
    "pre_comment_content_anon": (lambda s: pipelines.pre_comment_content(s, False), lambda r: _text(r, URLS)),
    "pre_comment_content_admin": (lambda s: pipelines.pre_comment_content(s, True), lambda r: _text(r, URLS)),
    "content_save_pre_author": (lambda s: pipelines.content_save_pre(s, False), lambda r: _text(r)),
}


@pytest.fixture(scope="module")
def php_harness(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ENABLED:
        pytest.skip("set WPCOMPAT_RENDER_DIFF=1 to compare with a live WordPress 6.1")
    if not shutil.which("php") or not (WP_ROOT / "wp-load.php").exists():
        pytest.skip(f"PHP or WordPress ({WP_ROOT}) is not installed here")
    script = tmp_path_factory.mktemp("wpdiff") / "harness.php"
    script.write_text(PHP_HARNESS, encoding="utf-8")
    return script


class _Php:
    """One WordPress process answering JSON lines; restarted after WordPress throws."""

    def __init__(self, script: Path) -> None:
        self.script = script
        self.proc: subprocess.Popen[str] | None = None

    def ask(self, function: str, text: str) -> dict:
        if self.proc is None:
            env = {**os.environ, "WP_ROOT": str(WP_ROOT)}
            self.proc = subprocess.Popen(
                ["php", str(self.script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
            )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"fn": function, "args": [text]}) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if answer["err"] is not None or function == "the_content":
            # WordPress's hook state is not reliable after an exception, and the_content's
            # depends on earlier posts (see RenderSession): start afresh.
            self.close()
        return answer

    def close(self) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
            self.proc = None


@pytest.mark.parametrize("function", sorted(CASES))
def test_same_output_as_wordpress(function: str, php_harness: Path) -> None:
    implementation, generate = CASES[function]
    rng = random.Random(f"{function}-{os.environ.get('WPCOMPAT_RENDER_DIFF_SEED', '0')}")
    count = int(os.environ.get("WPCOMPAT_RENDER_DIFF_COUNT", "60"))
    pipelines.configure(pipelines.SiteOptions(home_url=SITE, site_url=SITE))
    php = _Php(php_harness)
    mismatches = []
    try:
        for _ in range(count):
            text = generate(rng)
            answer = php.ask(function, text)
            if answer["err"] is not None:
                continue  # WordPress itself failed on this input
            if implementation(text) != answer["out"]:
                mismatches.append((text, answer["out"], implementation(text)))
    finally:
        php.close()
        pipelines.configure(pipelines.SiteOptions())
    assert mismatches == []
