"""The site search shows the kinds of page the apps register, and each registration is usable."""

from wagtail.search import index

from core.search_types import registered_result_types


def test_the_apps_register_pages_events_and_resources_in_that_order():
    assert [kind.key for kind in registered_result_types()] == ["page", "event", "resource"]


def test_every_registered_kind_is_indexed_and_its_facet_is_a_filter_field():
    for kind in registered_result_types():
        fields = kind.model.get_search_fields()
        assert any(isinstance(field, index.SearchField) for field in fields), kind.key
        if kind.facet:
            filters = {field.field_name for field in fields if isinstance(field, index.FilterField)}
            assert kind.facet.field in filters, kind.key
            assert kind.facet.values, kind.key
        if kind.date_field:
            assert kind.model._meta.get_field(kind.date_field), kind.key
