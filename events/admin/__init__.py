"""Staff work in the Wagtail admin: the registration list and its export (`registrations`), an
event's participants and waiting list (`participants`), the check-in list for the door
(`check_in`) and the dashboard panel (`dashboard`); who may do what is in `permissions`.

Every change of a registration goes through events.services, so the admin keeps the same rules as
the public site: the event row is locked, a freed seat is offered to the waiting list, seats and
rooms hold, and the audit log is written.
"""
