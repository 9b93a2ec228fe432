"""Users, roles and capabilities, Application Passwords and HTTP Basic authentication.

Everything is stored as WordPress stores it (users, usermeta, the roles option), so an existing
WordPress database is served in place and WordPress reads what wpcompat writes.
"""

from auth.basic import AuthError, AuthResult, authenticate_basic
from auth.capabilities import (
    User,
    can_delete_post,
    can_edit_comment,
    can_edit_post,
    can_edit_user,
    can_list_users,
    can_moderate_comments,
    can_publish,
    can_read_post,
    can_read_private,
    can_view_post,
    has_cap,
    load_user,
    load_user_by_login,
    unfiltered_html,
)

__all__ = [
    "AuthError",
    "AuthResult",
    "User",
    "authenticate_basic",
    "can_delete_post",
    "can_edit_comment",
    "can_edit_post",
    "can_edit_user",
    "can_list_users",
    "can_moderate_comments",
    "can_publish",
    "can_read_post",
    "can_read_private",
    "can_view_post",
    "has_cap",
    "load_user",
    "load_user_by_login",
    "unfiltered_html",
]
