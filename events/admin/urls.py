"""The events app's own admin pages, under /admin/events/ (namespace "events_admin")."""

from django.urls import path

from events.admin.check_in import CheckInListView, CheckInView
from events.admin.participants import CancelRegistrationView, OfferFreeSeatsView, ParticipantsView

urlpatterns = [
    path("<int:page_id>/participants/", ParticipantsView.as_view(), name="participants"),
    path("<int:page_id>/check-in/", CheckInListView.as_view(), name="check_in_list"),
    path(
        "<int:page_id>/participants/<int:registration_id>/check-in/", CheckInView.as_view(), name="check_in"
    ),
    path(
        "<int:page_id>/participants/<int:registration_id>/cancel/",
        CancelRegistrationView.as_view(),
        name="cancel",
    ),
    path("<int:page_id>/participants/offer-seats/", OfferFreeSeatsView.as_view(), name="offer_seats"),
]
