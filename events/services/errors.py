"""What the services refuse, with words for the visitor (and for staff where they differ)."""

from django.utils.translation import gettext_lazy as _


class BookingError(Exception):
    """A change that cannot be made, with a message for the visitor and the form field it concerns."""

    def __init__(self, message, field_name=None, staff_message=None):
        super().__init__(str(message))
        self.message = message
        self.field_name = field_name
        self.staff_message = staff_message or message


class EventBusy(BookingError):
    """The event's lock could not be had in time: someone else holds it (many bookings at once, an
    editor publishing the event, a stuck transaction). Nothing was changed; trying again is safe."""

    def __init__(self):
        super().__init__(
            _(
                "So many people are registering right now that we could not take your request. "
                "Nothing has been changed. Please try again in a moment."
            ),
            staff_message=_(
                "The event is being changed by someone else right now (bookings, or an editor publishing "
                "it), so nothing was changed. Please try again in a moment."
            ),
        )


class AlreadyRegistered(BookingError):
    """The address has an active registration for the event. The visitor is never told so on the
    page (that would tell anyone who is registered); the registration link is e-mailed instead."""

    def __init__(self, email: str):
        super().__init__(_("You are already registered for this event."), "email")
        self.email = email
