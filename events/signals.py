"""Signals the events app's services send inside their transactions, with the event locked, for the
apps above it (billing invoices a place taken from the waiting list), which the events app never
imports. A receiver that raises rolls the whole change back."""

from django.dispatch import Signal

# A registration took a seat after it was booked (a seat offer was accepted). Argument: registration.
registration_confirmed = Signal()
# A registration was cancelled, by the participant or by staff. Arguments: registration, held_seat.
registration_cancelled = Signal()
