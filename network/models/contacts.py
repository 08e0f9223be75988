"""Private contact addresses of people and organisations: used to relay messages, never shown."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ContactAddress(models.Model):
    """Where messages to a person or an organisation of the directory are relayed. Keyed to the
    snippet in one language; its translations share it (by translation key)."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.OneToOneField(
        "people.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("private contact e-mail"), max_length=254)
    language = models.CharField(
        _("language of the messages"),
        max_length=8,
        choices=[("da", _("Danish")), ("en", _("English"))],
        default="da",
        help_text=_("Relayed messages are introduced in this language."),
    )

    class Meta:
        verbose_name = _("contact address")
        verbose_name_plural = _("contact addresses")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True)
                | Q(person__isnull=True, organisation__isnull=False),
                name="contact_address_for_one_person_or_organisation",
            )
        ]

    def __str__(self):
        return str(self.person or self.organisation)
