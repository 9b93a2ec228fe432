"""WordPress 6.1's text filters in Python: pure functions, no database access.

Use :mod:`wpcompat.render.pipelines` for what WordPress applies to each REST field; the other
modules hold one filter each.
"""

from .pipelines import (
    RenderSession,
    SiteOptions,
    comment_text,
    configure,
    pre_comment_author_email,
    pre_comment_author_name,
    pre_comment_author_url,
    pre_comment_content,
    the_content,
    the_excerpt,
    the_excerpt_filter,
    the_title,
)

__all__ = [
    "RenderSession",
    "SiteOptions",
    "comment_text",
    "configure",
    "pre_comment_author_email",
    "pre_comment_author_name",
    "pre_comment_author_url",
    "pre_comment_content",
    "the_content",
    "the_excerpt",
    "the_excerpt_filter",
    "the_title",
]
