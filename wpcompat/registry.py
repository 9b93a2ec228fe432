"""What WordPress registers at init: post types, taxonomies and post statuses.

The one registry of the project. Data, in registration order, as WordPress 6.1 holds it after
create_initial_post_types(), create_initial_taxonomies() and the block theme's types (the oracle's
twentytwentythree). `/wp/v2/types`, `/wp/v2/taxonomies`, `/wp/v2/statuses`, the item schemas and
arguments (schemas/), the routes of the served types and taxonomies (`served`), the post fields
and links, term counts and date handling in storage all read it from here. Labels are built the way
get_post_type_labels() builds them: the non-hierarchical (post) or hierarchical (page) defaults,
overridden per type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------- post types

_POST_LABELS: dict[str, str | None] = {
    "name": "Posts", "singular_name": "Post", "add_new": "Add New", "add_new_item": "Add New Post",
    "edit_item": "Edit Post", "new_item": "New Post", "view_item": "View Post", "view_items": "View Posts",
    "search_items": "Search Posts", "not_found": "No posts found.",
    "not_found_in_trash": "No posts found in Trash.", "parent_item_colon": None, "all_items": "All Posts",
    "archives": "Post Archives", "attributes": "Post Attributes", "insert_into_item": "Insert into post",
    "uploaded_to_this_item": "Uploaded to this post", "featured_image": "Featured image",
    "set_featured_image": "Set featured image", "remove_featured_image": "Remove featured image",
    "use_featured_image": "Use as featured image", "filter_items_list": "Filter posts list",
    "filter_by_date": "Filter by date", "items_list_navigation": "Posts list navigation",
    "items_list": "Posts list", "item_published": "Post published.",
    "item_published_privately": "Post published privately.",
    "item_reverted_to_draft": "Post reverted to draft.", "item_scheduled": "Post scheduled.",
    "item_updated": "Post updated.", "item_link": "Post Link", "item_link_description": "A link to a post.",
    "menu_name": "Posts", "name_admin_bar": "Post",
}
_PAGE_LABELS: dict[str, str | None] = {
    **_POST_LABELS,
    "name": "Pages", "singular_name": "Page", "add_new_item": "Add New Page", "edit_item": "Edit Page",
    "new_item": "New Page", "view_item": "View Page", "view_items": "View Pages",
    "search_items": "Search Pages", "not_found": "No pages found.",
    "not_found_in_trash": "No pages found in Trash.", "parent_item_colon": "Parent Page:",
    "all_items": "All Pages", "archives": "Page Archives", "attributes": "Page Attributes",
    "insert_into_item": "Insert into page", "uploaded_to_this_item": "Uploaded to this page",
    "filter_items_list": "Filter pages list", "items_list_navigation": "Pages list navigation",
    "items_list": "Pages list", "item_published": "Page published.",
    "item_published_privately": "Page published privately.",
    "item_reverted_to_draft": "Page reverted to draft.", "item_scheduled": "Page scheduled.",
    "item_updated": "Page updated.", "item_link": "Page Link", "item_link_description": "A link to a page.",
    "menu_name": "Pages", "name_admin_bar": "Page",
}


def _current_defaults(labels: dict[str, str | None], item: str) -> dict[str, str | None]:
    """WP_Post_Type::get_default_labels() since 6.4/6.8: "Add", "Add Post", and `item_trashed`."""
    out: dict[str, str | None] = {}
    for key, value in labels.items():
        if key in ("menu_name", "name_admin_bar"):
            continue
        out[key] = value
        if key == "item_reverted_to_draft":
            out["item_trashed"] = f"{item} trashed."
    out["add_new"] = "Add"
    out["add_new_item"] = f"Add {item}"
    return out


_CURRENT_POST_LABELS = _current_defaults(_POST_LABELS, "Post")
_CURRENT_PAGE_LABELS = _current_defaults(_PAGE_LABELS, "Page")


def _custom_labels(defaults: dict[str, str | None], own: dict[str, str | None]) -> dict[str, str | None]:
    """_get_custom_object_labels(): a type's own labels over the defaults; a type that names itself
    also gets singular_name, all_items and archives derived from its name. `menu_name` and
    `name_admin_bar` come last, as in the labels 6.1 shows."""
    labels = dict(own)
    if "name" in labels:
        labels.setdefault("singular_name", labels["name"])
        labels.setdefault("all_items", labels.get("menu_name") or labels["name"])
        labels.setdefault("archives", labels["all_items"])
    merged = {**defaults, **labels}
    menu_name = merged.pop("menu_name", None) or merged["name"]
    admin_bar = merged.pop("name_admin_bar", None) or merged["singular_name"]
    merged["menu_name"] = menu_name
    merged["name_admin_bar"] = admin_bar
    return merged


def _template_labels(singular: str, plural: str, lower: str, lower_plural: str, archives: str) -> dict[str, str]:
    """The labels the site-editor types (templates, parts, navigation) register."""
    return {
        "name": plural, "singular_name": singular, "add_new_item": f"Add New {singular}",
        "edit_item": f"Edit {singular}", "new_item": f"New {singular}", "view_item": f"View {singular}",
        "search_items": f"Search {plural}", "not_found": f"No {lower_plural} found.",
        "not_found_in_trash": f"No {lower_plural} found in Trash.", "parent_item_colon": f"Parent {singular}:",
        "all_items": plural, "archives": archives, "insert_into_item": f"Insert into {lower}",
        "uploaded_to_this_item": f"Uploaded to this {lower}", "filter_items_list": f"Filter {lower_plural} list",
        "items_list_navigation": f"{lower_plural.capitalize()} list navigation",
        "items_list": f"{lower_plural.capitalize()} list",
        "menu_name": plural, "name_admin_bar": singular,
    }


_CAP_KEYS = (
    "edit_post", "read_post", "delete_post", "edit_posts", "edit_others_posts", "delete_posts",
    "publish_posts", "read_private_posts", "read", "delete_private_posts", "delete_published_posts",
    "delete_others_posts", "edit_private_posts", "edit_published_posts", "create_posts",
)


def _caps(singular: str = "post", plural: str = "posts", **overrides: str) -> dict[str, str]:
    """get_post_type_capabilities() for a capability_type, then the type's own capabilities."""
    caps = {key: key.replace("posts", plural).replace("post", singular) for key in _CAP_KEYS}
    caps["read"] = "read"
    caps["create_posts"] = caps["edit_posts"]
    caps.update(overrides)
    return caps


def _theme_caps(singular: str = "post", read: str = "read") -> dict[str, str]:
    """Types managed with edit_theme_options (menus, templates, navigation)."""
    plural_keys = [k for k in _CAP_KEYS if k.endswith("posts")]
    return _caps(singular, singular + "s", read=read, **dict.fromkeys(plural_keys, "edit_theme_options"))


@dataclass(frozen=True)
class PostTypeInfo:
    slug: str
    rest_base: str
    hierarchical: bool = False
    description: str = ""
    icon: str | None = None
    taxonomies: tuple[str, ...] = ()
    viewable: bool = False
    show_ui: bool = True
    show_in_nav_menus: bool = False
    supports: tuple[str, ...] = ()
    labels: dict[str, str | None] = field(default_factory=dict)
    capabilities: dict[str, str] = field(default_factory=_caps)
    has_archive: bool | str = False
    # Only registered (shown in REST) by current WordPress, not 6.1.
    current_only: bool = False
    # What current WordPress registers differently (its labels, taxonomies).
    current_labels: dict[str, str | None] | None = None
    current_taxonomies: tuple[str, ...] | None = None
    # Types this project serves routes for (posts controller); the others are only listed.
    served: bool = False
    # The features the posts controller builds the item schema from: WordPress's fixed lists
    # for post, page and attachment (not `supports`: a page has an excerpt field, say).
    schema_features: tuple[str, ...] = ()
    # Features only current WordPress gives this type's schema (7.1).
    schema_features_current_only: tuple[str, ...] = ()
    allow_batch: bool = True
    # Registered for the type but not shown in REST (post formats): read with the post's terms.
    hidden_taxonomies: tuple[str, ...] = ()
    # rest_get_route_for_post(): True = `/wp/v2/<rest_base>/<id>`; None = shown in REST but its
    # route is not built from the ID; False = no route (a comment on it is unreadable).
    id_route: bool | None = True

    def name(self, *, legacy_61: bool) -> str:
        return str(self.all_labels(legacy_61=legacy_61)["name"])

    def all_labels(self, *, legacy_61: bool) -> dict[str, str | None]:
        if legacy_61:
            return {**(_PAGE_LABELS if self.hierarchical else _POST_LABELS), **self.labels}
        defaults = _CURRENT_PAGE_LABELS if self.hierarchical else _CURRENT_POST_LABELS
        own = self.current_labels if self.current_labels is not None else self.labels
        return _custom_labels(defaults, own)

    def has(self, feature: str, legacy_61: bool) -> bool:
        """A feature of the item schema (the posts controller's fixed list)."""
        return feature in self.schema_features or (not legacy_61 and feature in self.schema_features_current_only)

    @property
    def object_taxonomies(self) -> tuple[str, ...]:
        """Every taxonomy registered for the type, in registration order (categories before tags)."""
        return self.taxonomies + self.hidden_taxonomies

    @property
    def served_taxonomies(self) -> tuple[TaxonomyInfo, ...]:
        """The type's taxonomies that have routes here: a field, a filter and a link of its items."""
        return tuple(t for t in TAXONOMIES if t.served and t.slug in self.taxonomies)

    def rest_taxonomies(self, *, legacy_61: bool) -> tuple[str, ...]:
        if legacy_61 or self.current_taxonomies is None:
            return self.taxonomies
        return self.current_taxonomies


POST_TYPES: tuple[PostTypeInfo, ...] = (
    PostTypeInfo(
        "post", "posts", icon="dashicons-admin-post", taxonomies=("category", "post_tag"), viewable=True,
        show_in_nav_menus=True,
        supports=("title", "editor", "author", "thumbnail", "excerpt", "trackbacks", "custom-fields",
                  "comments", "revisions", "post-formats"),
        served=True, hidden_taxonomies=("post_format",),
        schema_features=("title", "editor", "author", "excerpt", "thumbnail", "comments", "revisions",
                         "post-formats", "custom-fields"),
    ),
    PostTypeInfo(
        "page", "pages", hierarchical=True, icon="dashicons-admin-page", viewable=True, show_in_nav_menus=True,
        supports=("title", "editor", "author", "thumbnail", "page-attributes", "custom-fields", "comments",
                  "revisions"),
        capabilities=_caps("page", "pages"), served=True,
        schema_features=("title", "editor", "author", "excerpt", "thumbnail", "comments", "revisions",
                         "page-attributes", "custom-fields"),
    ),
    PostTypeInfo(
        "attachment", "media", icon="dashicons-admin-media", viewable=True, supports=("title", "author", "comments"),
        labels={"name": "Media", "singular_name": "Media", "edit_item": "Edit Media",
                "view_item": "View Attachment Page", "all_items": "Media", "archives": "Media",
                "attributes": "Attachment Attributes", "menu_name": "Media", "name_admin_bar": "Media"},
        # Attachment pages are off on new sites since 6.4: "View Media File".
        current_labels={"name": "Media", "name_admin_bar": "Media", "add_new": "Add Media File",
                        "add_new_item": "Add Media File", "edit_item": "Edit Media", "view_item": "View Media File",
                        "attributes": "Attachment Attributes"},
        capabilities=_caps(create_posts="upload_files"), served=True, allow_batch=False,
        schema_features=("title", "author", "comments", "custom-fields"),
        schema_features_current_only=("thumbnail",),
    ),
    PostTypeInfo(
        "nav_menu_item", "menu-items", taxonomies=("nav_menu",), show_ui=False, supports=("title", "editor"),
        labels={"name": "Navigation Menu Items", "singular_name": "Navigation Menu Item",
                "all_items": "Navigation Menu Items", "archives": "Navigation Menu Items",
                "menu_name": "Navigation Menu Items", "name_admin_bar": "Navigation Menu Item"},
        capabilities=_theme_caps(),
    ),
    PostTypeInfo(
        "wp_block", "blocks", supports=("title", "editor", "revisions"),
        labels={"name": "Reusable blocks", "singular_name": "Reusable block",
                "add_new_item": "Add new Reusable block", "edit_item": "Edit Reusable block",
                "new_item": "New Reusable block", "view_item": "View Reusable block",
                "search_items": "Search Reusable blocks", "not_found": "No reusable blocks found.",
                "not_found_in_trash": "No reusable blocks found in Trash.", "all_items": "All Reusable blocks",
                "archives": "All Reusable blocks", "filter_items_list": "Filter reusable blocks list",
                "items_list_navigation": "Reusable blocks list navigation",
                "items_list": "Reusable blocks list", "item_published": "Reusable block published.",
                "item_published_privately": "Reusable block published privately.",
                "item_reverted_to_draft": "Reusable block reverted to draft.",
                "item_scheduled": "Reusable block scheduled.", "item_updated": "Reusable block updated.",
                "menu_name": "Reusable blocks", "name_admin_bar": "Reusable block"},
        # Renamed "Patterns" in 6.3, with pattern categories (6.4).
        current_labels={
            "name": "Patterns", "singular_name": "Pattern", "add_new": "Add Pattern", "add_new_item": "Add Pattern",
            "new_item": "New Pattern", "edit_item": "Edit Block Pattern", "view_item": "View Pattern",
            "view_items": "View Patterns", "all_items": "All Patterns", "search_items": "Search Patterns",
            "not_found": "No patterns found.", "not_found_in_trash": "No patterns found in Trash.",
            "filter_items_list": "Filter patterns list", "items_list_navigation": "Patterns list navigation",
            "items_list": "Patterns list", "item_published": "Pattern published.",
            "item_published_privately": "Pattern published privately.",
            "item_reverted_to_draft": "Pattern reverted to draft.", "item_scheduled": "Pattern scheduled.",
            "item_updated": "Pattern updated.",
        },
        current_taxonomies=("wp_pattern_category",),
        capabilities=_caps(
            "block", "blocks", edit_posts="edit_posts", edit_others_posts="edit_others_posts", read="edit_posts",
            delete_published_posts="delete_published_posts", delete_others_posts="delete_others_posts",
            edit_published_posts="edit_published_posts", create_posts="publish_posts",
        ),
    ),
    PostTypeInfo(
        "wp_template", "templates", description="Templates to include in your theme.", show_ui=False,
        supports=("title", "slug", "excerpt", "editor", "revisions", "author"),
        labels=_template_labels("Template", "Templates", "template", "templates", "Template archives"),
        current_labels={**_template_labels("Template", "Templates", "template", "templates", "Template archives"),
                        "add_new": "Add Template", "add_new_item": "Add Template", "item_updated": "Template updated."},
        capabilities=_theme_caps("template", read="edit_theme_options"), id_route=None,
    ),
    PostTypeInfo(
        "wp_template_part", "template-parts", description="Template parts to include in your templates.",
        show_ui=False, supports=("title", "slug", "excerpt", "editor", "revisions", "author"),
        labels=_template_labels("Template Part", "Template Parts", "template part", "template parts",
                                "Template part archives"),
        current_labels={**_template_labels("Template Part", "Template Parts", "template part", "template parts",
                                           "Template part archives"),
                        "add_new": "Add Template Part", "add_new_item": "Add Template Part",
                        "item_updated": "Template part updated."},
        capabilities=_theme_caps(read="edit_theme_options"), id_route=None,
    ),
    PostTypeInfo(
        "wp_global_styles", "global-styles", description="Global styles to include in themes.", show_ui=False,
        supports=("title", "editor", "revisions"), labels={"name": "Global Styles"}, current_only=True,
        capabilities=_caps(read="edit_posts", create_posts="edit_theme_options", edit_posts="edit_theme_options",
                           edit_published_posts="edit_theme_options", delete_published_posts="edit_theme_options",
                           edit_others_posts="edit_theme_options", delete_others_posts="edit_theme_options"),
        id_route=None,
    ),
    PostTypeInfo(
        "wp_navigation", "navigation", description="Navigation menus that can be inserted into your site.",
        supports=("title", "editor", "revisions"),
        labels={**_template_labels("Navigation Menu", "Navigation Menus", "Navigation Menu", "Navigation Menu",
                                   "Navigation Menu archives"),
                "items_list_navigation": "Navigation Menus list navigation",
                "items_list": "Navigation Menus list"},
        current_labels={**_template_labels("Navigation Menu", "Navigation Menus", "Navigation Menu",
                                           "Navigation Menu", "Navigation Menu archives"),
                        "items_list_navigation": "Navigation Menus list navigation",
                        "items_list": "Navigation Menus list", "add_new": "Add Navigation Menu",
                        "add_new_item": "Add Navigation Menu"},
        capabilities=_theme_caps(),
    ),
    PostTypeInfo(
        "wp_font_family", "font-families", show_ui=False, supports=("title",), current_only=True,
        labels={"name": "Font Families", "singular_name": "Font Family"},
        capabilities=_theme_caps(read="edit_theme_options"), id_route=False,
    ),
    PostTypeInfo(
        "wp_font_face", "font-families/(?P<font_family_id>[\\d]+)/font-faces", show_ui=False, supports=("title",),
        current_only=True, labels={"name": "Font Faces", "singular_name": "Font Face"},
        capabilities=_theme_caps(read="edit_theme_options"), id_route=False,
    ),
)


# Registered by WordPress but not shown in REST: asking for one is a 401/403, not a 404.
_HIDDEN_POST_TYPES = frozenset({"revision", "custom_css", "customize_changeset", "oembed_cache", "user_request"})


def hidden_post_type(slug: str, *, legacy_61: bool) -> bool:
    """Registered but not shown in REST (global styles are shown since 6.3)."""
    return slug in _HIDDEN_POST_TYPES or (legacy_61 and slug == "wp_global_styles")
HIDDEN_TAXONOMIES = frozenset({"post_format", "link_category", "wp_theme", "wp_template_part_area"})



# The types this project serves routes for, in registration order.
SERVED_POST_TYPES: tuple[PostTypeInfo, ...] = tuple(t for t in POST_TYPES if t.served)


def served_post_type(slug: str) -> PostTypeInfo:
    """A type this project serves routes for (post, page, attachment); ValueError for another."""
    info = next((t for t in SERVED_POST_TYPES if t.slug == slug), None)
    if info is None:
        raise ValueError(f"unknown post type {slug!r}")
    return info


# rest_get_route_for_post(): the route of a post of each type whose route is built from its ID.
POST_ROUTES: dict[str, str] = {t.slug: f"/wp/v2/{t.rest_base}" for t in POST_TYPES if t.id_route and not t.current_only}
# Types shown in REST whose route is not built from the post ID.
POST_TYPES_WITHOUT_ID_ROUTE = frozenset(t.slug for t in POST_TYPES if t.id_route is None)


def post_types(*, legacy_61: bool) -> list[PostTypeInfo]:
    return [t for t in POST_TYPES if legacy_61 is False or not t.current_only]


def post_type(slug: str, *, legacy_61: bool) -> PostTypeInfo | None:
    return next((t for t in post_types(legacy_61=legacy_61) if t.slug == slug), None)


# ---------------------------------------------------------------- taxonomies


@dataclass(frozen=True)
class TaxonomyInfo:
    slug: str
    rest_base: str
    name: str
    singular: str
    types: tuple[str, ...]
    hierarchical: bool = False
    description: str = ""
    show_cloud: bool = True
    public: bool = True
    publicly_queryable: bool = True
    show_ui: bool = True
    show_admin_column: bool = False
    show_in_nav_menus: bool = True
    show_in_quick_edit: bool = True
    capabilities: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str | None] = field(default_factory=dict)
    # Only registered by current WordPress.
    current_only: bool = False
    # Taxonomies this project serves routes for (terms controller), a field of their types' posts.
    served: bool = False
    # Labels WordPress 6.1 does not have yet for this taxonomy (6.1 gives category and post_tag
    # no `archives`; nav_menu's own registration names one).
    labels_not_in_61: tuple[str, ...] = ()
    # The post query's variable for the taxonomy (`categories`, `tags`): its REST base.
    @property
    def query_var(self) -> str:
        return self.rest_base


def _category_labels() -> dict[str, str | None]:
    return {
        "name": "Categories", "singular_name": "Category", "search_items": "Search Categories",
        "popular_items": None, "all_items": "All Categories", "parent_item": "Parent Category",
        "parent_item_colon": "Parent Category:", "name_field_description": "The name is how it appears on your site.",
        "slug_field_description": "The &#8220;slug&#8221; is the URL-friendly version of the name. It is usually "
        "all lowercase and contains only letters, numbers, and hyphens.",
        "parent_field_description": "Assign a parent term to create a hierarchy. The term Jazz, for example, "
        "would be the parent of Bebop and Big Band.",
        "desc_field_description": "The description is not prominent by default; however, some themes may show it.",
        "edit_item": "Edit Category", "view_item": "View Category", "update_item": "Update Category",
        "add_new_item": "Add New Category", "new_item_name": "New Category Name",
        "separate_items_with_commas": None, "add_or_remove_items": None, "choose_from_most_used": None,
        "not_found": "No categories found.", "no_terms": "No categories", "filter_by_item": "Filter by category",
        "items_list_navigation": "Categories list navigation", "items_list": "Categories list",
        "most_used": "Most Used", "back_to_items": "&larr; Go to Categories", "item_link": "Category Link",
        "item_link_description": "A link to a category.", "menu_name": "Categories",
        "name_admin_bar": "category", "archives": "All Categories",
    }


def _tag_labels() -> dict[str, str | None]:
    return {
        "name": "Tags", "singular_name": "Tag", "search_items": "Search Tags", "popular_items": "Popular Tags",
        "all_items": "All Tags", "parent_item": None, "parent_item_colon": None,
        "name_field_description": "The name is how it appears on your site.",
        "slug_field_description": "The &#8220;slug&#8221; is the URL-friendly version of the name. It is usually "
        "all lowercase and contains only letters, numbers, and hyphens.",
        "parent_field_description": None,
        "desc_field_description": "The description is not prominent by default; however, some themes may show it.",
        "edit_item": "Edit Tag", "view_item": "View Tag", "update_item": "Update Tag",
        "add_new_item": "Add New Tag", "new_item_name": "New Tag Name",
        "separate_items_with_commas": "Separate tags with commas", "add_or_remove_items": "Add or remove tags",
        "choose_from_most_used": "Choose from the most used tags", "not_found": "No tags found.",
        "no_terms": "No tags", "filter_by_item": None, "items_list_navigation": "Tags list navigation",
        "items_list": "Tags list", "most_used": "Most Used", "back_to_items": "&larr; Go to Tags",
        "item_link": "Tag Link", "item_link_description": "A link to a tag.", "menu_name": "Tags",
        "name_admin_bar": "post_tag", "archives": "All Tags",
    }


def _menu_labels() -> dict[str, str | None]:
    labels = _tag_labels()
    labels.update({
        "name": "Navigation Menus", "singular_name": "Navigation Menu", "search_items": "Search Tags",
        "menu_name": "Navigation Menus", "name_admin_bar": "Navigation Menu", "archives": "Navigation Menus",
        "all_items": "Navigation Menus",
    })
    return labels


TAXONOMIES: tuple[TaxonomyInfo, ...] = (
    TaxonomyInfo(
        "category", "categories", "Categories", "Category", ("post",), hierarchical=True, show_admin_column=True,
        capabilities={"manage_terms": "manage_categories", "edit_terms": "edit_categories",
                      "delete_terms": "delete_categories", "assign_terms": "assign_categories"},
        labels=_category_labels(), served=True, labels_not_in_61=("archives",),
    ),
    TaxonomyInfo(
        "post_tag", "tags", "Tags", "Tag", ("post",), show_admin_column=True,
        capabilities={"manage_terms": "manage_post_tags", "edit_terms": "edit_post_tags",
                      "delete_terms": "delete_post_tags", "assign_terms": "assign_post_tags"},
        labels=_tag_labels(), served=True, labels_not_in_61=("archives",),
    ),
    TaxonomyInfo(
        # show_cloud defaults to show_ui, false for menus (as WordPress 6.1 answers).
        "nav_menu", "menus", "Navigation Menus", "Navigation Menu", ("nav_menu_item",), show_cloud=False,
        public=False, publicly_queryable=False, show_ui=False, show_in_nav_menus=False,
        show_in_quick_edit=False,
        capabilities={"manage_terms": "edit_theme_options", "edit_terms": "edit_theme_options",
                      "delete_terms": "edit_theme_options", "assign_terms": "edit_theme_options"},
        labels=_menu_labels(),
    ),
    TaxonomyInfo(
        "wp_pattern_category", "wp_pattern_category", "Pattern Categories", "Pattern Category", ("wp_block",),
        show_cloud=False, public=False, publicly_queryable=False, show_admin_column=True, show_in_nav_menus=False,
        capabilities={"manage_terms": "manage_categories", "edit_terms": "manage_categories",
                      "delete_terms": "manage_categories", "assign_terms": "edit_posts"},
        labels={**_tag_labels(), "name": "Pattern Categories", "singular_name": "Pattern Category",
                "add_new_item": "Add Category", "add_or_remove_items": "Add or remove pattern categories",
                "back_to_items": "&larr; Go to Pattern Categories",
                "choose_from_most_used": "Choose from the most used pattern categories",
                "edit_item": "Edit Pattern Category", "item_link": "Pattern Category Link",
                "item_link_description": "A link to a pattern category.", "items_list": "Pattern Categories list",
                "items_list_navigation": "Pattern Categories list navigation",
                "new_item_name": "New Pattern Category Name", "no_terms": "No pattern categories",
                "not_found": "No pattern categories found.", "popular_items": "Popular Pattern Categories",
                "search_items": "Search Pattern Categories",
                "separate_items_with_commas": "Separate pattern categories with commas",
                "update_item": "Update Pattern Category", "view_item": "View Pattern Category",
                "all_items": "Pattern Categories", "menu_name": "Pattern Categories",
                "name_admin_bar": "Pattern Category", "archives": "Pattern Categories"},
        current_only=True,
    ),
)


# post_format is registered (for posts) though not shown in REST.
_POST_FORMAT_TYPES = ("post",)
# The post types whose published posts a taxonomy counts (_update_post_term_count).
TAXONOMY_OBJECT_TYPES: dict[str, tuple[str, ...]] = {
    **{t.slug: t.types for t in TAXONOMIES if not t.current_only},
    "post_format": _POST_FORMAT_TYPES,
}
HIERARCHICAL_TAXONOMIES = frozenset(t.slug for t in TAXONOMIES if t.hierarchical)
SERVED_TAXONOMIES: tuple[TaxonomyInfo, ...] = tuple(t for t in TAXONOMIES if t.served)
# The taxonomies of each served post type, REST-shown or not, in registration order.
OBJECT_TAXONOMIES: dict[str, tuple[str, ...]] = {t.slug: t.object_taxonomies for t in SERVED_POST_TYPES}


def served_taxonomy(slug: str) -> TaxonomyInfo:
    """A taxonomy this project serves routes for (category, post_tag); ValueError for another."""
    info = next((t for t in SERVED_TAXONOMIES if t.slug == slug), None)
    if info is None:
        raise ValueError(f"unknown taxonomy {slug!r}")
    return info


def taxonomies(*, legacy_61: bool) -> list[TaxonomyInfo]:
    return [t for t in TAXONOMIES if not (legacy_61 and t.current_only)]


def taxonomy(slug: str, *, legacy_61: bool) -> TaxonomyInfo | None:
    return next((t for t in taxonomies(legacy_61=legacy_61) if t.slug == slug), None)


# ---------------------------------------------------------------- statuses


@dataclass(frozen=True)
class StatusInfo:
    slug: str
    label: str
    public: bool = False
    private: bool = False
    protected: bool = False
    internal: bool = False
    queryable: bool = False
    show_in_list: bool = False
    date_floating: bool = False


# register_post_status() calls of create_initial_post_types(), in order.
STATUSES: tuple[StatusInfo, ...] = (
    StatusInfo("publish", "Published", public=True, queryable=True, show_in_list=True),
    StatusInfo("future", "Scheduled", protected=True, show_in_list=True),
    StatusInfo("draft", "Draft", protected=True, show_in_list=True, date_floating=True),
    StatusInfo("pending", "Pending", protected=True, show_in_list=True, date_floating=True),
    StatusInfo("private", "Private", private=True, show_in_list=True),
    StatusInfo("trash", "Trash", internal=True),
    StatusInfo("auto-draft", "auto-draft", internal=True, date_floating=True),
    StatusInfo("inherit", "inherit", internal=True),
    StatusInfo("request-pending", "Pending", internal=True),
    StatusInfo("request-confirmed", "Confirmed", internal=True),
    StatusInfo("request-failed", "Failed", internal=True),
    StatusInfo("request-completed", "Completed", internal=True),
)


def status(slug: str) -> StatusInfo | None:
    return next((s for s in STATUSES if s.slug == slug), None)


# get_post_stati(): every registered status, and the public ones (internal => false).
ALL_STATUSES: tuple[str, ...] = tuple(s.slug for s in STATUSES)
PUBLIC_STATUSES: tuple[str, ...] = tuple(s.slug for s in STATUSES if not s.internal)
# Statuses whose date floats until publication (post_date_gmt stays zero).
FLOATING_STATUSES: tuple[str, ...] = tuple(s.slug for s in STATUSES if s.date_floating)
