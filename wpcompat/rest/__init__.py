"""The WordPress REST API (wp/v2): framework and one module per resource."""
