"""wpcompat's default theme: server-rendered HTML for the public pages.

The page frame is `default/layout.html` (a `string.Template`), the stylesheet `default/style.css`.
A site replaces either by putting a file of the same name in the folder named by
`WPCOMPAT_THEME_DIR`; the pieces inside (post lists, one post, navigation) are built here and
passed to the frame as `$content`, the discovery links as `$head`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from wpcompat.render.pipelines import the_content, the_excerpt, the_title
from wpcompat.web.theme.i18n import language, post_date, t

DEFAULT_DIR = Path(__file__).parent / "default"


def theme_file(name: str, theme_dir: str = "") -> Path:
    """A theme file: the site's own when it has one, else the default theme's."""
    if theme_dir:
        own = Path(theme_dir) / name
        if own.is_file():
            return own
    return DEFAULT_DIR / name


@dataclass
class PostView:
    """One post as the theme shows it (everything already escaped or rendered)."""

    row: dict[str, Any]
    link: str
    author_name: str
    author_link: str
    categories: list[tuple[str, str]]  # (name, link)
    tags: list[tuple[str, str]]


@dataclass
class Page:
    """What the frame needs besides the content."""

    site_name: str
    site_description: str
    home_url: str
    asset_home: str  # where /theme/style.css, /favicon.ico and the widget are served
    wplang: str
    date_format: str
    theme_dir: str = ""
    legacy_61: bool = True

    @property
    def lang(self) -> str:
        return language(self.wplang)

    def t(self, key: str) -> str:
        return t(self.lang, key)


def _date(page: Page, mysql_date: str) -> str:
    try:
        moment = dt.datetime.strptime(str(mysql_date)[:10], "%Y-%m-%d").date()
    except ValueError:
        return escape(str(mysql_date))
    return escape(post_date(moment, page.lang, page.date_format))


def _terms(page: Page, view: PostView) -> str:
    parts = []
    for key, terms in (("categories", view.categories), ("tags", view.tags)):
        if terms:
            links = ", ".join(f'<a href="{escape(link)}" rel="tag">{name}</a>' for name, link in terms)
            parts.append(f'<span class="{key}">{page.t(key)} : {links}</span>' if page.lang == "fr"
                         else f'<span class="{key}">{page.t(key)}: {links}</span>')
    return f'<p class="entry-terms">{" · ".join(parts)}</p>' if parts else ""


def _meta(page: Page, view: PostView) -> str:
    row = view.row
    stamp = escape(str(row.get("post_date_gmt") or row["post_date"]).replace(" ", "T")) + "+00:00"
    author = (f' {page.t("by")} <a class="author" href="{escape(view.author_link)}" rel="author">'
              f'{escape(view.author_name)}</a>') if view.author_name else ""
    return (f'<p class="entry-meta">{page.t("posted_on")} <a href="{escape(view.link)}" rel="bookmark">'
            f'<time datetime="{stamp}">{_date(page, row["post_date"])}</time></a>{author}</p>')


def post_summary(page: Page, view: PostView) -> str:
    row = view.row
    title = the_title(row["post_title"], legacy_61=page.legacy_61)
    if row.get("post_password"):
        excerpt = f"<p>{page.t('protected')}</p>"
    else:
        excerpt = the_excerpt(row.get("post_excerpt") or "", row["post_content"], legacy_61=page.legacy_61)
    return (
        f'<article id="post-{int(row["ID"])}" class="entry type-{escape(row["post_type"])}">\n'
        f'<h2 class="entry-title"><a href="{escape(view.link)}" rel="bookmark">{title}</a></h2>\n'
        f"{_meta(page, view) if row['post_type'] == 'post' else ''}\n"
        f'<div class="entry-summary">{excerpt}</div>\n{_terms(page, view)}\n</article>'
    )


def post_full(page: Page, view: PostView, *, previous: tuple[str, str] | None,
              next_: tuple[str, str] | None, widget: bool) -> str:
    row = view.row
    post_id = int(row["ID"])
    title = the_title(row["post_title"], legacy_61=page.legacy_61)
    if row.get("post_password"):
        content = f"<p>{page.t('protected')}</p>"
    else:
        content = the_content(row["post_content"], legacy_61=page.legacy_61)
    nav = ""
    if previous or next_:
        prev_html = (f'<a class="nav-previous" href="{escape(previous[0])}" rel="prev"><span class="label">'
                     f'{page.t("previous")}</span>{previous[1]}</a>') if previous else "<span></span>"
        next_html = (f'<a class="nav-next" href="{escape(next_[0])}" rel="next"><span class="label">'
                     f'{page.t("next")}</span>{next_[1]}</a>') if next_ else "<span></span>"
        nav = f'<nav class="post-navigation" aria-label="Posts">{prev_html}{next_html}</nav>'
    comments = ""
    if widget:
        comments = (f'<section id="comments" class="comments-area" aria-label="{page.t("comments")}"></section>\n'
                    f'<script src="{escape(page.asset_home)}/embed/comments.js" data-post="{post_id}" '
                    'data-target="comments" async></script>')
    return (
        f'<article id="post-{post_id}" class="entry type-{escape(row["post_type"])}">\n'
        f'<h1 class="entry-title">{title}</h1>\n'
        f"{_meta(page, view) if row['post_type'] == 'post' else ''}\n"
        f'<div class="entry-content">\n{content}\n</div>\n{_terms(page, view)}\n</article>\n{nav}\n{comments}'
    )


def archive_header(title_html: str) -> str:
    return f'<h1 class="archive-title">{title_html}</h1>'


def pagination(page: Page, newer: str | None, older: str | None) -> str:
    if not newer and not older:
        return ""
    newer_html = f'<a class="newer" href="{escape(newer)}">← {page.t("newer")}</a>' if newer else "<span></span>"
    older_html = f'<a class="older" href="{escape(older)}">{page.t("older")} →</a>' if older else "<span></span>"
    return f'<nav class="pagination" aria-label="Pagination">{newer_html}{older_html}</nav>'


def not_found(page: Page) -> str:
    return (f'<section class="not-found"><h1 class="entry-title">{page.t("not_found_title")}</h1>'
            f'<p>{page.t("not_found_text")}</p></section>')


def render(page: Page, *, title: str, head: str, content: str, body_class: str, search: str = "") -> str:
    frame = Template(theme_file("layout.html", page.theme_dir).read_text(encoding="utf-8"))
    return frame.safe_substitute(
        lang=escape(page.wplang.replace("_", "-") if page.wplang else "en-US"),
        title=title, head=head, home=escape(page.asset_home), home_url=escape(page.home_url),
        site_name=escape(page.site_name), site_description=escape(page.site_description),
        search_label=page.t("search"), search_placeholder=page.t("search_placeholder"),
        search_value=escape(search), content=content, body_class=escape(body_class),
        footer=f'{escape(page.site_name)} · {page.t("powered")}',
    )


def embed_card(page: Page, view: PostView) -> str:
    """The embeddable view of a post (`<permalink>embed/`), shown in other sites' iframes."""
    row = view.row
    title = the_title(row["post_title"], legacy_61=page.legacy_61)
    excerpt = "" if row.get("post_password") else the_excerpt(
        row.get("post_excerpt") or "", row["post_content"], legacy_61=page.legacy_61)
    return (
        '<div class="wp-embed">'
        f'<p class="wp-embed-heading"><a href="{escape(view.link)}" target="_top">{title}</a></p>'
        f'<div class="wp-embed-excerpt">{excerpt}</div>'
        f'<div class="wp-embed-footer"><a class="wp-embed-site-title" href="{escape(page.home_url)}" '
        f'target="_top">{escape(page.site_name)}</a></div></div>'
    )


EMBED_CSS = (
    "body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d1d1f}"
    ".wp-embed{border:1px solid #e4e1d8;border-radius:6px;padding:1rem 1.25rem;background:#fff}"
    ".wp-embed-heading{font:600 1.2rem/1.3 Georgia,serif;margin:0 0 .5rem}.wp-embed-heading a{color:inherit}"
    ".wp-embed-footer{margin-top:.75rem;color:#5f5d57;font-size:.85rem}.wp-embed-footer a{color:inherit}"
)
