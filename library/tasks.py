"""Background tasks of the library app."""

from django_tasks import task


@task()
def send_contribution_email(page_id: int, kind: str) -> None:
    from library.emails import send_contribution_email as send
    from library.models import Contribution

    contribution = Contribution.objects.select_related("page").filter(page_id=page_id).first()
    # An erased contribution has no address left: the decision is recorded, nobody is told.
    if contribution is not None and contribution.email:
        send(contribution, kind)
