"""WordPress core's tables (wp-admin/includes/schema.php), defined once for every backend.

Column names, sizes and defaults follow WordPress so that an existing WordPress database can be
served in place. Dates are WordPress's `Y-m-d H:i:s` strings in Python on every backend: MySQL
keeps its DATETIME columns (and their zero date), SQLite and PostgreSQL store the same string,
whose order is the chronological order. Tables of our own carry the same prefix and `wpc_`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect

ZERO_DATE = "0000-00-00 00:00:00"


class WPDateTime(sa.types.TypeDecorator[str]):
    """A WordPress date: the string `YYYY-MM-DD HH:MM:SS`, `0000-00-00 00:00:00` for none."""

    impl = sa.String(19)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME())
        return dialect.type_descriptor(sa.String(19))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            value = ZERO_DATE
        if isinstance(value, dt.datetime):
            value = value.strftime("%Y-%m-%d %H:%M:%S")
        return value

    def literal_processor(self, dialect: Dialect) -> Any:
        # As a quoted string on every backend (MySQL's DATETIME wants a datetime object, and
        # the zero date has none): a date written into SQL text, e.g. for EXPLAIN.
        def render(value: Any) -> str:
            return "'" + str(self.process_bind_param(value, dialect)).replace("'", "''") + "'"

        return render

    def process_result_value(self, value: Any, dialect: Dialect) -> str:
        if value is None:
            return ZERO_DATE
        if isinstance(value, dt.datetime):
            # MySQL's DATETIME comes as a datetime: isoformat is a quarter of strftime's cost
            # (about 50 dates a page of posts) and pads years below 1000 as MySQL shows them;
            # the slice drops microseconds, which a DATETIME(0) column never has anyway.
            return value.isoformat(" ")[:19]
        return str(value)


def _id() -> sa.types.TypeEngine[int]:
    # SQLite only auto-numbers an INTEGER PRIMARY KEY (the rowid alias), never a BIGINT one.
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite").with_variant(
        mysql.BIGINT(unsigned=True), "mysql", "mariadb"
    )


def _ref() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(mysql.BIGINT(unsigned=True), "mysql", "mariadb")


def _longtext() -> sa.types.TypeEngine[str]:
    return sa.Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")


def _tinytext() -> sa.types.TypeEngine[str]:
    return sa.Text().with_variant(mysql.TINYTEXT(), "mysql", "mariadb")


def _pk(name: str) -> sa.Column[int]:
    return sa.Column(name, _id(), primary_key=True, autoincrement=True)


def _str(name: str, length: int, default: str = "") -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False, server_default=default)


def _date(name: str) -> sa.Column[str]:
    return sa.Column(name, WPDateTime(), nullable=False, server_default=ZERO_DATE)


def _int(name: str, default: int = 0, big: bool = False) -> sa.Column[int]:
    kind = _ref() if big else sa.Integer()
    return sa.Column(name, kind, nullable=False, server_default=str(default))


def only_on(index: sa.Index, *dialects: str) -> sa.Index:
    """`index`, made only on these backends (storage/schema.py): one whose columns another
    backend's index already gives."""
    index.info["dialects"] = dialects
    return index


def made_on(index: sa.Index, dialect: str) -> bool:
    """Whether `index` belongs on `dialect` (see `only_on`)."""
    return dialect in index.info.get("dialects", (dialect,))


def _meta(prefix: str, name: str, owner: str, metadata: sa.MetaData, pk: str = "meta_id") -> sa.Table:
    table = f"{prefix}{name}"
    return sa.Table(
        table,
        metadata,
        _pk(pk),
        _int(owner, big=True),
        sa.Column("meta_key", sa.String(255), nullable=True),
        sa.Column("meta_value", _longtext(), nullable=True),
        sa.Index(f"{table}_{owner}", owner),
        sa.Index(f"{table}_meta_key", "meta_key", mysql_length={"meta_key": 191}),
    )


@dataclass(frozen=True)
class Tables:
    """The tables of one site, for one table prefix."""

    prefix: str
    metadata: sa.MetaData
    posts: sa.Table
    postmeta: sa.Table
    comments: sa.Table
    commentmeta: sa.Table
    terms: sa.Table
    termmeta: sa.Table
    term_taxonomy: sa.Table
    term_relationships: sa.Table
    users: sa.Table
    usermeta: sa.Table
    options: sa.Table
    oauth_identities: sa.Table
    sessions: sa.Table
    auth_failures: sa.Table

    @property
    def wordpress_tables(self) -> tuple[sa.Table, ...]:
        return (
            self.posts, self.postmeta, self.comments, self.commentmeta, self.terms, self.termmeta,
            self.term_taxonomy, self.term_relationships, self.users, self.usermeta, self.options,
        )

    @property
    def own_tables(self) -> tuple[sa.Table, ...]:
        return (self.oauth_identities, self.sessions, self.auth_failures)


def make_tables(prefix: str = "wp_") -> Tables:
    md = sa.MetaData()
    p = prefix

    posts = sa.Table(
        f"{p}posts", md,
        _pk("ID"),
        _int("post_author", big=True),
        _date("post_date"),
        _date("post_date_gmt"),
        sa.Column("post_content", _longtext(), nullable=False, server_default=""),
        sa.Column("post_title", sa.Text(), nullable=False, server_default=""),
        sa.Column("post_excerpt", sa.Text(), nullable=False, server_default=""),
        _str("post_status", 20, "publish"),
        _str("comment_status", 20, "open"),
        _str("ping_status", 20, "open"),
        _str("post_password", 255),
        _str("post_name", 200),
        sa.Column("to_ping", sa.Text(), nullable=False, server_default=""),
        sa.Column("pinged", sa.Text(), nullable=False, server_default=""),
        _date("post_modified"),
        _date("post_modified_gmt"),
        sa.Column("post_content_filtered", _longtext(), nullable=False, server_default=""),
        _int("post_parent", big=True),
        _str("guid", 255),
        _int("menu_order"),
        _str("post_type", 20, "post"),
        _str("post_mime_type", 100),
        _int("comment_count", big=True),
        sa.Index(f"{p}posts_post_name", "post_name", mysql_length={"post_name": 191}),
        sa.Index(f"{p}posts_type_status_date", "post_type", "post_status", "post_date", "ID"),
        sa.Index(f"{p}posts_post_parent", "post_parent"),
        sa.Index(f"{p}posts_post_author", "post_author"),
    )
    # Ties of a date by ascending ID after a descending date: WordPress's order for a search
    # or a category (MySQL's scan order, storage/posts._tie_breaker). Walked backwards, this
    # gives it with no sort: MariaDB sorted every matching row (a common word's page read all
    # 100,000 posts' texts), SQLite and PostgreSQL each group of posts of one date.
    sa.Index(f"{p}posts_type_status_date_id_desc", posts.c.post_type, posts.c.post_status, posts.c.post_date,
             posts.c.ID.desc())
    comments = sa.Table(
        f"{p}comments", md,
        _pk("comment_ID"),
        _int("comment_post_ID", big=True),
        sa.Column("comment_author", _tinytext(), nullable=False, server_default=""),
        _str("comment_author_email", 100),
        _str("comment_author_url", 200),
        _str("comment_author_IP", 100),
        _date("comment_date"),
        _date("comment_date_gmt"),
        sa.Column("comment_content", sa.Text(), nullable=False, server_default=""),
        _int("comment_karma"),
        _str("comment_approved", 20, "1"),
        _str("comment_agent", 255),
        _str("comment_type", 20, "comment"),
        _int("comment_parent", big=True),
        _int("user_id", big=True),
        sa.Index(f"{p}comments_comment_post_ID", "comment_post_ID"),
        sa.Index(f"{p}comments_comment_approved_date_gmt", "comment_approved", "comment_date_gmt"),
        sa.Index(f"{p}comments_comment_date_gmt", "comment_date_gmt"),
        # Counting a comments list (status and type) reads this index alone, not the rows.
        sa.Index(f"{p}comments_approved_type_date_gmt", "comment_approved", "comment_type", "comment_date_gmt"),
        sa.Index(f"{p}comments_comment_parent", "comment_parent"),
        sa.Index(
            f"{p}comments_comment_author_email", "comment_author_email",
            mysql_length={"comment_author_email": 10},
        ),
        # Duplicate and flood checks look up a commenter's newest comment: by address, by e-mail,
        # by user (the flood check and the "previously approved" check of a signed-in user), each
        # one index seek rather than a walk through the last hour's comments of everyone.
        sa.Index(f"{p}comments_comment_author_IP", "comment_author_IP", "comment_date_gmt"),
        sa.Index(f"{p}comments_author_email_date_gmt", "comment_author_email", "comment_date_gmt"),
        sa.Index(f"{p}comments_user_id_date_gmt", "user_id", "comment_date_gmt"),
    )
    # A comments list's order is (date, ID): InnoDB's and SQLite's secondary indexes end with
    # the primary key and give it whole, PostgreSQL's do not, and it sorted every comment of
    # the last date of a page (the ties of an import, thousands) for each page.
    only_on(sa.Index(f"{p}comments_approved_date_gmt_id", comments.c.comment_approved, comments.c.comment_date_gmt,
                     comments.c.comment_ID), "postgresql")
    terms = sa.Table(
        f"{p}terms", md,
        _pk("term_id"),
        _str("name", 200),
        _str("slug", 200),
        _int("term_group", big=True),
        sa.Index(f"{p}terms_slug", "slug", mysql_length={"slug": 191}),
        sa.Index(f"{p}terms_name", "name", mysql_length={"name": 191}),
    )
    term_taxonomy = sa.Table(
        f"{p}term_taxonomy", md,
        _pk("term_taxonomy_id"),
        _int("term_id", big=True),
        _str("taxonomy", 32),
        sa.Column("description", _longtext(), nullable=False, server_default=""),
        _int("parent", big=True),
        _int("count", big=True),
        sa.UniqueConstraint("term_id", "taxonomy", name=f"{p}term_taxonomy_term_id_taxonomy"),
        sa.Index(f"{p}term_taxonomy_taxonomy", "taxonomy"),
    )
    term_relationships = sa.Table(
        f"{p}term_relationships", md,
        sa.Column("object_id", _ref(), primary_key=True, autoincrement=False, server_default="0"),
        sa.Column("term_taxonomy_id", _ref(), primary_key=True, autoincrement=False, server_default="0"),
        _int("term_order"),
        sa.Index(f"{p}term_relationships_term_taxonomy_id", "term_taxonomy_id"),
    )
    users = sa.Table(
        f"{p}users", md,
        _pk("ID"),
        _str("user_login", 60),
        _str("user_pass", 255),
        _str("user_nicename", 50),
        _str("user_email", 100),
        _str("user_url", 100),
        _date("user_registered"),
        _str("user_activation_key", 255),
        _int("user_status"),
        _str("display_name", 250),
        sa.Index(f"{p}users_user_login_key", "user_login"),
        sa.Index(f"{p}users_user_nicename", "user_nicename"),
        sa.Index(f"{p}users_user_email", "user_email"),
    )
    options = sa.Table(
        f"{p}options", md,
        _pk("option_id"),
        _str("option_name", 191),
        sa.Column("option_value", _longtext(), nullable=False, server_default=""),
        _str("autoload", 20, "yes"),
        sa.UniqueConstraint("option_name", name=f"{p}options_option_name"),
        sa.Index(f"{p}options_autoload", "autoload"),
    )
    oauth_identities = sa.Table(
        f"{p}wpc_oauth_identities", md,
        _pk("id"),
        _str("provider", 32),
        _str("provider_user_id", 191),
        _str("display_name", 250),
        _str("email", 100),
        sa.Column("email_verified", sa.Boolean(), nullable=False, server_default=sa.false()),
        _str("profile_url", 255),
        _str("avatar_url", 255),
        _int("user_id", big=True),
        _date("created_gmt"),
        _date("last_login_gmt"),
        sa.UniqueConstraint("provider", "provider_user_id", name=f"{p}wpc_oauth_identities_provider_user"),
    )
    sessions = sa.Table(
        f"{p}wpc_sessions", md,
        _str("session_id", 64),
        sa.Column("data", sa.Text(), nullable=False, server_default=""),
        sa.Column("expires", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("session_id", name=f"{p}wpc_sessions_pk"),
        sa.Index(f"{p}wpc_sessions_expires", "expires"),
    )
    # One row per failed authentication (auth/throttle.py): rows, not counters, so that instances
    # sharing the database only ever insert, and a sliding window is a count.
    auth_failures = sa.Table(
        f"{p}wpc_auth_failures", md,
        _pk("id"),
        _str("ip", 100),
        sa.Column("account", sa.String(191), nullable=True),
        sa.Column("failed_at", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Index(f"{p}wpc_auth_failures_ip", "ip", "failed_at"),
        sa.Index(f"{p}wpc_auth_failures_account", "account", "failed_at"),
        sa.Index(f"{p}wpc_auth_failures_failed_at", "failed_at"),
    )
    # Tables of features that keep their SQL in a module of their own (likes, mail outbox and
    # subscriptions): defined there, created with the rest by ensure_schema().
    from wpcompat.storage.feature_tables import define_change_log, define_likes, define_mail

    define_likes(p, md)
    define_mail(p, md)
    define_change_log(p, md)
    for table in md.tables.values():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].autoincrement is True:
            # MySQL's AUTO_INCREMENT never hands out an id twice, even the highest one after it
            # was deleted; SQLite does the same only with AUTOINCREMENT (sqlite_sequence).
            table.dialect_options["sqlite"]["autoincrement"] = True
    return Tables(
        prefix=prefix,
        metadata=md,
        posts=posts,
        postmeta=_meta(p, "postmeta", "post_id", md),
        comments=comments,
        commentmeta=_meta(p, "commentmeta", "comment_id", md),
        terms=terms,
        termmeta=_meta(p, "termmeta", "term_id", md),
        term_taxonomy=term_taxonomy,
        term_relationships=term_relationships,
        users=users,
        usermeta=_meta(p, "usermeta", "user_id", md, pk="umeta_id"),
        options=options,
        oauth_identities=oauth_identities,
        sessions=sessions,
        auth_failures=auth_failures,
    )
