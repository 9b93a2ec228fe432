"""Requests recorded on the oracle site "austral" (plain permalinks: REST at /?rest_route=)."""
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
    return "/", {"rest_route": route, **params}


R("index", "/", params={"rest_route": "/"})
build(R, rest, IDS,
      searches=["economie", "ÉCONOMIE", "Économie", "ECONOMIE circulaire", "meme titre", "MÊME", "apple", "äpple",
                "zebre", "مرحبا", "שלום", "καλημέρα", "ΚΑΛΗΜΈΡΑ", "世界", "🦘", "kangaroo"],
      date_queries=[("after", "2022-10-01T16:00:00Z"), ("after", "2022-10-02T02:30:00"),
                    ("after", "2022-10-02T03:00:00+11:00"), ("before", "2022-10-02T02:59:59+10:00"),
                    ("before", "2023-04-02T02:30:00"), ("after", "2023-04-02T02:30:00+10:00"),
                    ("before", "2023-04-01T16:00:00Z"), ("after", "2023-04-01T15:30:00+00:00"),
                    ("modified_after", "2020-01-01T00:00:00-03:30"), ("before", "2022-02-03T08:00:00.000+11:00")],
      extra_posts=["post_gallery", "post_caption", "post_summer"])
for name, params in [("feed", {"feed": "rss2"}), ("feed_comments", {"feed": "comments-rss2"}),
                     ("feed_atom", {"feed": "atom"}), ("feed_cat", {"feed": "rss2", "cat": "{cat_eco}"}),
                     ("feed_post_comments", {"feed": "rss2", "p": "{post_author2_post}"}),
                     ("feed_page_comments", {"feed": "rss2", "page_id": "{page_team}"})]:
    R(name, "/", params=params, kind="text")
