"""Look-ups over the kinds of page the apps register for the site search (core/search_types.py)."""

from functools import cache

from core.search_types import SearchResultType, registered_result_types


@cache
def result_types() -> tuple[SearchResultType, ...]:
    # Hooks are registered once, when the apps load: read them once.
    return registered_result_types()


def result_type(key: str) -> SearchResultType | None:
    return next((kind for kind in result_types() if kind.key == key), None)


def result_type_for_content_type(content_type_id: int) -> SearchResultType | None:
    return next((kind for kind in result_types() if kind.content_type_id == content_type_id), None)
