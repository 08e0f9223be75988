"""The partner API lists what the apps register, and each registration points at real relations."""

from core.listed_pages import registered_listed_pages
from partner_api.models import ListingKind


def test_the_apps_register_exactly_the_kinds_the_change_log_knows():
    assert set(registered_listed_pages()) == set(ListingKind.values)


def test_every_shown_snippet_and_related_row_is_reached_through_a_real_relation():
    for kind, listed in registered_listed_pages().items():
        for snippet_label, relations in listed.shows.items():
            for relation in relations:
                field = listed.model._meta.get_field(relation)
                assert field.related_model._meta.label == snippet_label, (kind, relation)
        for row_label, page_field in listed.changes_with.items():
            field = listed.model._meta.apps.get_model(row_label)._meta.get_field(page_field)
            assert issubclass(listed.model, field.related_model), (kind, row_label)
