"""The partner API lists what the apps register, and each registration points at real relations."""

from core.listed_pages import registered_listed_pages
from partner_api.models import ListingKind


def test_the_apps_register_exactly_the_kinds_the_change_log_knows():
    assert set(registered_listed_pages()) == set(ListingKind.values)


def related_model_at(model, path: str):
    """The model a relation path (`files__document`) ends at."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def test_every_shown_object_named_item_and_related_row_is_reached_through_a_real_relation():
    listed_pages = registered_listed_pages()
    for kind, listed in listed_pages.items():
        for shown_label, relations in listed.shows.items():
            for relation in relations:
                assert related_model_at(listed.model, relation)._meta.label == shown_label, (kind, relation)
        for named_kind, relations in listed.names.items():
            for relation in relations:
                named_model = related_model_at(listed.model, relation)
                assert named_model is listed_pages[named_kind].model, (kind, relation)
        for row_label, page_field in listed.changes_with.items():
            field = listed.model._meta.apps.get_model(row_label)._meta.get_field(page_field)
            assert issubclass(listed.model, field.related_model), (kind, row_label)
