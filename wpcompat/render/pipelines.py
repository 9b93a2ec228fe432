"""What WordPress 6.1 applies to each field, in its hook priority order.

Display pipelines (``the_content``, ``the_excerpt``, ``the_title``, ``comment_text``) are pure
and cached on their arguments: the REST list endpoints render the same few texts over and over.
Save pipelines (``pre_comment_*``) produce what WordPress stores for a new comment.

``legacy_61=False`` selects current WordPress (6.2+) where it differs: make_clickable does not
``nofollow`` internal or non-http links, wp_filter_content_tags runs after do_shortcode, and
private titles lose their "Private: " prefix.

Site options that shape the output (home URL, site URL, ``use_smilies``) are set once with
:func:`configure` at start-up rather than passed to every call; changing them clears the caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import feed
from ._php import PHP_TRIM
from .autop import wpautop
from .balance import force_balance_tags
from .blocks import do_blocks, has_blocks
from .chars import capital_P_dangit, convert_chars
from .clickable import make_clickable
from .content_tags import wp_filter_content_tags, wp_targeted_link_rel
from .entities import convert_invalid_entities
from .escape import esc_url_raw, wp_specialchars
from .excerpt import excerpt_source, wp_trim_excerpt
from .formatting import sanitize_email, sanitize_text_field
from .kses import set_upload_base, wp_filter_kses, wp_kses_post, wp_rel_ugc
from .media_shortcodes import MediaContext, media_player, rendering_with
from .shortcode_handlers import embed_link
from .shortcodes import do_shortcode, shortcode_unautop
from .smilies import convert_smilies
from .striptags import wp_strip_all_tags
from .texturize import wptexturize

_CACHE_SIZE = 4096


@dataclass(frozen=True)
class SiteOptions:
    """The options of the site being served that change rendered text."""

    home_url: str | None = None  # links to this host get no rel="nofollow ugc" / nofollow (6.2+)
    site_url: str | None = None  # where wp-includes lives: the :mrgreen: smiley image
    use_smilies: bool = True  # the use_smilies option (on by default)

    @property
    def smilies_url(self) -> str:
        base = (self.site_url or "").rstrip("/")
        return f"{base}/wp-includes/images/smilies/"


_options = SiteOptions()


def configure(options: SiteOptions) -> None:
    """Set the site options for every later call, and drop the cached renderings."""
    global _options
    _options = options
    set_upload_base(options.site_url)
    for cached in (the_content, the_excerpt, the_title, comment_text):
        cached.cache_clear()


def current_options() -> SiteOptions:
    return _options


def _smilies(text: str) -> str:
    return convert_smilies(text, smilies_url=_options.smilies_url) if _options.use_smilies else text


_EMBED_ONLY = {"embed": embed_link}


def run_embed_shortcode(content: str) -> str:
    """WP_Embed::run_shortcode() (priority 8): only [embed] is expanded, before everything else."""
    if "[embed" not in content:
        return content
    return do_shortcode(content, handlers=_EMBED_ONLY)


@lru_cache(maxsize=_CACHE_SIZE)
def the_content(
    raw: str, *, legacy_61: bool = True, attachment_link: str | None = None, wpautop_late: bool = False,
    attachment_player: tuple[str, tuple[tuple[str, str], ...]] | None = None,
) -> str:
    """``content.rendered`` of a post or page (no password check: that is the caller's job).

    ``attachment_link`` is for attachments (media ``description``): prepend_attachment() puts
    the ``<a><img></a>`` link that wp_get_attachment_link() builds from the attachment's
    metadata in front of the description. Building that link needs the database.
    ``attachment_player`` is the same for audio and video attachments: (``"audio"`` or
    ``"video"``, the player's attributes); the player is built when the filter runs, in the
    media context (see :func:`the_content_with`), since it takes the request's next number.

    ``wpautop_late`` reproduces an order dependence inside one WordPress request: once a post
    with blocks has been rendered, do_blocks() has taken wpautop off the hook and put it back
    *at the end* of priority 10, after shortcode_unautop and wp_filter_content_tags. Later
    posts of the same request then keep ``<p>`` around a shortcode alone on its line. Use
    :class:`RenderSession` to track this per request.
    """
    text = run_embed_shortcode(raw)  # 8 (autoembed is a no-op without oEmbed HTTP access)
    blocks = has_blocks(text)
    text = do_blocks(text)  # 9: and no wpautop afterwards when the content had blocks
    text = wptexturize(text)  # 10
    if not blocks and not wpautop_late:
        text = wpautop(text)  # 10
    text = shortcode_unautop(text)  # 10
    if attachment_player is not None:
        kind, player_atts = attachment_player
        text = f"{media_player(kind, dict(player_atts))}\n{text}"  # 10 prepend_attachment
    elif attachment_link is not None:
        text = f'<p class="attachment">{attachment_link}</p>\n{text}'  # 10 prepend_attachment
    if legacy_61:
        text = wp_filter_content_tags(text)  # 10 in 6.1
    if not blocks and wpautop_late:
        text = wpautop(text)  # 10, re-added last by _restore_wpautop_hook
    text = capital_P_dangit(text)  # 11
    text = do_shortcode(text)  # 11
    if not legacy_61:
        text = wp_filter_content_tags(text)  # 12 since 6.2
    return _smilies(text)  # 20


_MEDIA_TAGS = ("[gallery", "[audio", "[video", "[playlist")


def needs_media(raw: str) -> bool:
    """Whether rendering `raw` needs the media context (media shortcodes, wp-image-N images)."""
    return any(tag in raw for tag in _MEDIA_TAGS) or "wp-image-" in raw.lower()


def the_content_with(raw: str, media: MediaContext | None, **options: Any) -> str:
    """:func:`the_content` with the attachments `media` loaded (uncached: it counts galleries)."""
    if media is None or not (needs_media(raw) or options.get("attachment_player")):
        return the_content(raw, **options)
    with rendering_with(media):
        return the_content.__wrapped__(raw, **options)  # type: ignore[no-any-return]


def the_excerpt_filter(text: str) -> str:
    """The ``the_excerpt`` filter chain alone (revisions render their stored excerpt this way)."""
    text = wptexturize(text)
    text = _smilies(text)
    text = convert_chars(text)
    text = wpautop(text)
    text = shortcode_unautop(text)
    return wp_filter_content_tags(text)


@lru_cache(maxsize=_CACHE_SIZE)
def the_excerpt(
    post_excerpt: str, post_content: str, *, legacy_61: bool = True, wpautop_late: bool = False
) -> str:
    """``excerpt.rendered``: the hand-written excerpt, or one generated from the content.

    A generated excerpt goes through ``the_content`` too, so ``wpautop_late`` applies (see
    :func:`the_content`).
    """
    excerpt = wp_trim_excerpt(
        post_excerpt, post_content, lambda t: the_content(t, legacy_61=legacy_61, wpautop_late=wpautop_late)
    )
    return the_excerpt_filter(excerpt)


class RenderSession:
    """Per-request rendering state: one instance per HTTP request, posts in response order.

    WordPress renders each post's ``content`` then its ``excerpt``; the first post with
    blocks moves wpautop behind shortcode_unautop for the rest of the request.
    """

    __slots__ = ("legacy_61", "wpautop_late")

    def __init__(self, *, legacy_61: bool = True) -> None:
        self.legacy_61 = legacy_61
        self.wpautop_late = False

    def content(self, raw: str, *, attachment_link: str | None = None, media: MediaContext | None = None,
                attachment_player: tuple[str, tuple[tuple[str, str], ...]] | None = None) -> str:
        """``the_content`` in this request; `media`: see :func:`the_content_with`."""
        late = self.wpautop_late
        if has_blocks(raw):
            self.wpautop_late = True
        return the_content_with(raw, media, legacy_61=self.legacy_61, attachment_link=attachment_link,
                                wpautop_late=late, attachment_player=attachment_player)

    def excerpt(self, post_excerpt: str, post_content: str) -> str:
        late = self.wpautop_late
        # A generated excerpt runs the_content too; leftover block markup (a stray closer,
        # say) moves wpautop just as a block post does.
        if post_excerpt.strip(PHP_TRIM) == "" and has_blocks(excerpt_source(post_content)):
            self.wpautop_late = True
        return the_excerpt(post_excerpt, post_content, legacy_61=self.legacy_61, wpautop_late=late)

    # --- RSS feeds: per item, the excerpt (description) is rendered before the content ---

    def feed_title(self, raw: str, *, protected: bool = False, private: bool = False) -> str:
        """``<title>``: get_the_title() (feeds keep the "Protected: " prefix) through the_title_rss."""
        prefix = "Protected: " if protected else "Private: " if private else ""
        return feed.title_rss(the_title(prefix + raw, legacy_61=self.legacy_61))

    def feed_excerpt(
        self, post_excerpt: str, post_content: str, post_id: int, *, password_required: bool
    ) -> str:
        """``<description>``: the_excerpt_rss()."""
        if password_required:
            return feed.excerpt_rss(feed.PROTECTED_EXCERPT)
        late = self.wpautop_late
        if post_excerpt.strip(PHP_TRIM) == "":
            if has_blocks(excerpt_source(post_content, more=True, post_id=post_id)):
                self.wpautop_late = True
        text = feed.generated_feed_excerpt(
            post_excerpt,
            post_content,
            post_id,
            lambda t: the_content(t, legacy_61=self.legacy_61, wpautop_late=late),
        )
        return feed.excerpt_rss(text)

    def feed_content(self, post_content: str, post_id: int, *, password_required: bool) -> str:
        """``<content:encoded>``: get_the_content_feed('rss2')."""
        if password_required:
            raw = feed.password_form(post_id, _options.site_url or "")
        else:
            raw = feed.feed_content_source(post_content, post_id)
        return feed.content_feed(self.content(raw))

    def title(self, raw: str, *, private: bool = False) -> str:
        return the_title(raw, private=private, legacy_61=self.legacy_61)

    def comment(self, raw: str) -> str:
        return comment_text(raw, legacy_61=self.legacy_61)


@lru_cache(maxsize=_CACHE_SIZE)
def the_title(raw: str, *, private: bool = False, legacy_61: bool = True) -> str:
    """``title.rendered``.

    REST drops the "Protected: " prefix of password-protected posts in every version, but
    WordPress 6.1 keeps "Private: " on private posts (``private=True``); 6.7+ drops it too.
    """
    text = f"Private: {raw}" if private and legacy_61 else raw
    text = wptexturize(text)
    text = convert_chars(text)
    text = text.strip(PHP_TRIM)
    return capital_P_dangit(text, title=True)


@lru_cache(maxsize=_CACHE_SIZE)
def comment_text(raw: str, *, legacy_61: bool = True) -> str:
    """``content.rendered`` of a comment."""
    text = make_clickable(raw, in_comment=True, legacy_61=legacy_61, home_url=_options.home_url)  # 9
    text = wptexturize(text)  # 10
    text = convert_chars(text)  # 10
    text = _smilies(text)  # 20
    text = force_balance_tags(text)  # 25
    text = wpautop(text)  # 30
    return capital_P_dangit(text)  # 31


def pre_comment_content(raw: str, unfiltered_html: bool, *, use_balance_tags: bool = False) -> str:
    """What WordPress stores as ``comment_content`` for a new or edited comment.

    ``unfiltered_html`` is true for administrators and editors: their HTML is kept as typed.
    Links to the configured home URL's host are exempt from ``rel="nofollow ugc"``.
    ``use_balance_tags`` mirrors the ``use_balanceTags`` option (off by default).
    """
    # Priority 10 in registration order: convert_invalid_entities (default-filters.php), then
    # the two added on "init": wp_targeted_link_rel first, kses (re-added by kses_init) last.
    text = convert_invalid_entities(raw)
    text = wp_targeted_link_rel(text)
    if not unfiltered_html:
        text = wp_filter_kses(text)
    text = wp_rel_ugc(text, _options.home_url)  # 15
    if use_balance_tags:
        text = force_balance_tags(text)
    return text


def content_save_pre(raw: str, unfiltered_html: bool, *, use_balance_tags: bool = False) -> str:
    """What WordPress stores as ``post_content`` (also ``excerpt_save_pre`` for ``post_excerpt``).

    Users without ``unfiltered_html`` (authors, contributors) get the post allow-list.
    """
    text = convert_invalid_entities(raw)
    text = wp_targeted_link_rel(text)
    if not unfiltered_html:
        text = wp_kses_post(text)
    return force_balance_tags(text) if use_balance_tags else text


excerpt_save_pre = content_save_pre


def title_save_pre(raw: str, unfiltered_html: bool) -> str:
    """What WordPress stores as ``post_title``: trimmed, and the comment allow-list without unfiltered_html."""
    text = wp_targeted_link_rel(raw.strip(PHP_TRIM))
    return text if unfiltered_html else wp_filter_kses(text)


# The author fields are filtered for everyone, administrators included (default-filters.php).


def pre_comment_author_name(raw: str) -> str:
    """sanitize_text_field, kses and ``&``/``<``/``>`` escaping."""
    return wp_specialchars(wp_filter_kses(sanitize_text_field(raw)))


def pre_comment_author_email(raw: str) -> str:
    return wp_filter_kses(sanitize_email(raw.strip(PHP_TRIM)))


def pre_comment_author_url(raw: str) -> str:
    """Tags stripped, then esc_url_raw: a ``javascript:`` (or any unknown scheme) URL becomes ``""``."""
    return wp_filter_kses(esc_url_raw(wp_strip_all_tags(raw)))


# WordPress saves a user's website through the same filters as a commenter's.
pre_user_url = pre_comment_author_url
