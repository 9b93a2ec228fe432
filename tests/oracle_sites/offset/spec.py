"""Requests recorded on the oracle site "offset" (permalinks /archives/%post_id%: REST at /wp-json/)."""
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from spec_common import build, load_ids, recorder  # noqa: E402

SPEC = []
R = recorder(SPEC)
IDS = load_ids(HERE)


def rest(route, params):
    return "/wp-json" + route, params


R("index", "/wp-json/")
build(R, rest, IDS,
      searches=["monsoon", "MONSOON", "chai", "html", "&", "05:30"],
      date_queries=[("after", "2021-06-01T00:00:00"), ("after", "2021-05-31T18:30:00Z"),
                    ("before", "2021-06-01T05:30:00+05:30"), ("after", "2021-06-01T00:00:00+00:00"),
                    ("before", "2022-01-01T01:30:00-03:30"), ("after", "2021-12-31T20:00:00"),
                    ("modified_before", "2030-01-01T00:00:00+05:30"), ("before", "2021-03-02")],
      extra_posts=["post_midnight", "post_links"])
for name, path in [("feed", "/feed/"), ("feed_comments", "/comments/feed/"), ("feed_atom", "/feed/atom/"),
                   ("feed_cat", "/category/news/feed/"), ("feed_post_comments", "/archives/{post_midnight}/feed/"),
                   ("feed_page_comments", "/services/consulting/feed/"),
                   ("feed_page_comments_deep", "/services/consulting/audit/feed/")]:
    R(name, path, kind="text")
