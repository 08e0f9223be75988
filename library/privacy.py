"""What the library keeps about a contributor, for a person's request to see or erase their data.

A contribution keeps its page: what was shared is published under an open licence. Erasing takes
away who sent it; the time the licence was accepted stays as a record without anyone's identity.
"""

from core.personal_data import ANONYMOUS_NAME
from library.models import Contribution


def contributions_of(email: str):
    return Contribution.objects.filter(email__iexact=email).select_related("page")


def export_contributions(email: str) -> list[dict]:
    return [
        {
            "resource": contribution.page.title,
            "kind": contribution.kind,
            "name": contribution.name,
            "email": contribution.email,
            "language": contribution.language,
            "sent": contribution.created_at.isoformat(),
            "accepted_the_licence": contribution.consented_to_licence_at.isoformat(),
            "decision": contribution.decision,
            "decided": contribution.decided_at.isoformat() if contribution.decided_at else None,
        }
        for contribution in contributions_of(email)
    ]


def erase_contributions(email: str) -> int:
    """Anonymise the sender in place. With no address left, no decision is e-mailed afterwards."""
    return Contribution.objects.filter(email__iexact=email).update(name=ANONYMOUS_NAME, email="")
