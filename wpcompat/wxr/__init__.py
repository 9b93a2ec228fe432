"""WordPress eXtended RSS (WXR) import and export.

- `reader`: streaming, hardened parser producing typed records (Channel, Author, Term, Item).
- `pipeline`: runs the reader in a child process for big files.
- `importer`: `import_files()`, id-keeping, idempotent, one transaction per file.
- `accounts`, `taxonomy`: users and terms as WordPress's importer creates them.
- `rewrite`: --rewrite-urls, PHP-serialization aware.
- `exporter`: `export_wxr()`, WXR 1.2 as WordPress writes it, streamed.
- `bulk`: batched inserts and small helpers that work on SQLite, PostgreSQL and MySQL.
"""
