"""Search backends that index and query each object in its own language (see docs/search.md)."""
