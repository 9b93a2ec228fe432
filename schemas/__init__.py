"""WordPress REST API (wp/v2) argument definitions and item schemas, as data.

One module per resource (``posts`` for posts, pages and media; ``revisions``, ``comments``, ``terms``,
``users``, ``search``, ``types``, ``taxonomies``, ``statuses``, ``settings``), shared builders in
``common`` and the route table in ``routes``. Every function takes ``legacy_61``: True answers as
WordPress 6.1 (the recorded oracle), False as current WordPress (7.1).
"""
