"""Leaf helpers with no wpcompat imports: JSON bytes as PHP writes them, PHP serialize(), query
strings read the way PHP reads them, WordPress dates, PHP's integers, URLs and redirects."""
