"""wpcompat: a WordPress-compatible REST API, comment service and WXR migrator."""

__version__ = "0.1.0"
