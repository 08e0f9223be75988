"""Background tasks of the library app."""

from django.utils.translation import gettext_lazy as _

from core.tasks import email_task


def contributor_address(page_id: int, kind: str) -> str | None:
    from library.models import Contribution

    return Contribution.objects.filter(page_id=page_id).values_list("email", flat=True).first() or None


@email_task(
    label=_("Contribution e-mail"),
    recipient=contributor_address,
    recipient_permission="library.view_contribution",
)
def send_contribution_email(page_id: int, kind: str) -> None:
    from library.emails import send_contribution_email as send
    from library.models import Contribution

    contribution = Contribution.objects.select_related("page").filter(page_id=page_id).first()
    # An erased contribution has no address left: the decision is recorded, nobody is told.
    if contribution is not None and contribution.email:
        send(contribution, kind)
