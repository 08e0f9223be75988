"""Public URLs of the network app, inside the language prefix and translated with it."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from network import contact_views, views

urlpatterns = [
    path(_("newsletter/"), views.newsletter_signup, name="newsletter_signup"),
    path(_("newsletter/confirm/<str:token>/"), views.newsletter_confirm, name="newsletter_confirm"),
    path(
        _("newsletter/unsubscribe/<str:token>/"), views.newsletter_unsubscribe, name="newsletter_unsubscribe"
    ),
    path(_("contact/<str:kind>/<uuid:key>/"), contact_views.contact, name="network_contact"),
]
