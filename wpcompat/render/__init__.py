"""WordPress 6.1's text filters in Python: pure functions, no database access.

Use from the REST layer
-----------------------
* At start-up, once: ``configure(SiteOptions(home_url=..., site_url=..., use_smilies=...))``.
* Per HTTP request, one ``RenderSession``; render posts in response order, each post's
  ``content`` before its ``excerpt``, and only the fields the response includes
  (``_fields``). WordPress's output for a post depends on whether a post with blocks was
  rendered earlier in the same request (see ``pipelines.the_content``).
* Fields: ``title.rendered`` → ``session.title(raw, private=status == "private")``;
  ``content.rendered`` → ``session.content(raw)`` (``""`` when a password is required: skip the
  call); ``excerpt.rendered`` → ``session.excerpt(post_excerpt, post_content)`` (``""`` when a
  password is required); media ``caption`` → ``session.excerpt(post_excerpt, post_content)``,
  ``description`` → ``session.content(raw, attachment_link=<a><img></a>)`` (audio/video:
  ``attachment_player=``); content naming media (``[gallery]``, ``[audio]``, ``[video]``,
  ``[playlist]``, ``wp-image-N`` images) renders with ``media=MediaContext(...)``: the
  attachments loaded beforehand and the request's numbering (``media_shortcodes``); revisions'
  ``excerpt`` → ``the_excerpt_filter(post_excerpt)``; comment ``content.rendered`` →
  ``comment_text(raw)``.
* RSS feeds (one session per feed request; per item the description before the content):
  ``session.feed_title(raw, protected=…)``, ``session.feed_excerpt(post_excerpt, post_content,
  post_id, password_required=…)``, ``session.feed_content(post_content, post_id,
  password_required=…)``; comment feeds: ``feed.comment_title_rss``, ``feed.comment_text_rss``
  and ``comment_text``.
* Saving a comment (REST create/update, classic form): ``pre_comment_content(raw,
  unfiltered_html)`` with ``unfiltered_html`` true for administrators and editors only,
  ``pre_comment_author_name``, ``pre_comment_author_email``, ``pre_comment_author_url``.
* Saving a post: ``content_save_pre`` / ``excerpt_save_pre`` / ``title_save_pre(raw,
  unfiltered_html)``; authors and contributors get kses with the post allow-list.

Each module holds one WordPress filter; ``formatting`` re-exports the escaping and sanitizing
helpers (``esc_html``, ``esc_attr``, ``esc_url``, ``sanitize_title``…).
"""

from .pipelines import (
    RenderSession,
    SiteOptions,
    comment_text,
    configure,
    content_save_pre,
    excerpt_save_pre,
    pre_comment_author_email,
    pre_comment_author_name,
    pre_comment_author_url,
    pre_comment_content,
    the_content,
    the_excerpt,
    the_excerpt_filter,
    the_title,
    title_save_pre,
)

__all__ = [
    "RenderSession",
    "SiteOptions",
    "comment_text",
    "configure",
    "content_save_pre",
    "excerpt_save_pre",
    "pre_comment_author_email",
    "pre_comment_author_name",
    "pre_comment_author_url",
    "pre_comment_content",
    "the_content",
    "the_excerpt",
    "the_excerpt_filter",
    "the_title",
    "title_save_pre",
]
