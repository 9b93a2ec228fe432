"""The tables of features that keep their SQL in modules of their own: likes
(wpcompat/storage/likes.py), mail (wpcompat/storage/mail.py) and the change log
(wpcompat/storage/changes.py). Defined here, with sqlalchemy
alone, so that tables.py can add them to the site's metadata without importing those modules
(which import the dialect, which imports the database, which imports tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

LIKES = "wpc_likes"
OUTBOX, SUBSCRIPTIONS, USED_LINKS = "wpc_mail_outbox", "wpc_subscriptions", "wpc_used_links"
PENDING = "pending"


def define_likes(prefix: str, md: sa.MetaData) -> None:
    name = f"{prefix}{LIKES}"
    big = sa.BigInteger().with_variant(mysql.BIGINT(unsigned=True), "mysql", "mariadb")
    pk = sa.BigInteger().with_variant(sa.Integer(), "sqlite").with_variant(
        mysql.BIGINT(unsigned=True), "mysql", "mariadb"
    )
    sa.Table(
        name, md,
        sa.Column("id", pk, primary_key=True, autoincrement=True),
        sa.Column("object_type", sa.String(20), nullable=False),
        sa.Column("object_id", big, nullable=False),
        sa.Column("liker", sa.String(191), nullable=False),
        sa.Column("identity_id", big, nullable=False, server_default="0"),
        sa.Column("user_id", big, nullable=False, server_default="0"),
        sa.Column("name", sa.String(250), nullable=False, server_default=""),
        sa.Column("email", sa.String(100), nullable=False, server_default=""),
        sa.Column("avatar_url", sa.String(255), nullable=False, server_default=""),
        sa.Column("profile_url", sa.String(255), nullable=False, server_default=""),
        sa.Column("ip", sa.String(100), nullable=False, server_default=""),
        sa.Column("date_gmt", sa.String(19), nullable=False, server_default="0000-00-00 00:00:00"),
        sa.UniqueConstraint("object_type", "object_id", "liker", name=f"{name}_object_liker"),
        sa.Index(f"{name}_identity", "identity_id"),
        sa.Index(f"{name}_ip_date", "ip", "date_gmt"),
    )


def define_mail(prefix: str, md: sa.MetaData) -> None:
    pk = sa.BigInteger().with_variant(sa.Integer(), "sqlite").with_variant(
        mysql.BIGINT(unsigned=True), "mysql", "mariadb"
    )
    big = sa.BigInteger().with_variant(mysql.BIGINT(unsigned=True), "mysql", "mariadb")
    longtext = sa.Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")
    name = f"{prefix}{OUTBOX}"
    sa.Table(
        name, md,
        sa.Column("id", pk, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(40), nullable=False, server_default=""),
        sa.Column("recipient", sa.String(255), nullable=False, server_default=""),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message", longtext, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default=PENDING),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("next_attempt", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("lease_until", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("sent", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Index(f"{name}_due", "status", "next_attempt"),
        sa.Index(f"{name}_claim", "claimed_by"),
    )
    name = f"{prefix}{SUBSCRIPTIONS}"
    sa.Table(
        name, md,
        sa.Column("id", pk, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(100), nullable=False),
        # "comments" (one post's new comments) or "posts" (the site's new posts).
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("post_id", big, nullable=False, server_default="0"),
        sa.Column("status", sa.String(20), nullable=False, server_default="pending"),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(10), nullable=False, server_default=""),
        sa.Column("ip", sa.String(100), nullable=False, server_default=""),
        sa.Column("created", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("confirmed", sa.BigInteger(), nullable=False, server_default="0"),
        sa.UniqueConstraint("email", "kind", "post_id", name=f"{name}_email_kind_post"),
        sa.Index(f"{name}_token", "token"),
        sa.Index(f"{name}_post", "kind", "post_id", "status"),
    )
    name = f"{prefix}{USED_LINKS}"
    sa.Table(
        name, md,
        sa.Column("link_id", sa.String(64), nullable=False),
        sa.Column("used", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("link_id", name=f"{name}_pk"),
    )


CHANGE_CLOCK, CHANGE_LOG = "wpc_change_clock", "wpc_changes"


def define_change_log(prefix: str, md: sa.MetaData) -> None:
    """The change log of storage/changes.py: its clock (one row) and its rows, one per tick."""
    sa.Table(
        f"{prefix}{CHANGE_CLOCK}", md,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger(), nullable=False, server_default="0"),
        # Told apart from an older installation's clock (a recreated database starts at 0
        # again): shared caches key their answers with it.
        sa.Column("epoch", sa.String(32), nullable=False, server_default=""),
    )  # fmt: skip
    sa.Table(
        f"{prefix}{CHANGE_LOG}", md,
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("tag", sa.String(64), nullable=False),
    )  # fmt: skip
