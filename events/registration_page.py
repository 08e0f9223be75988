"""Sections that other apps add to the registrant's own page, without the events app knowing them.

An app registers a panel with the `register_registration_page_panel` Wagtail hook (network's "who
is coming" does): the panel renders its section and answers the form actions it names.
"""

from wagtail import hooks

HOOK = "register_registration_page_panel"


class RegistrationPagePanel:
    """A section of the registrant's page, and the POST actions (the form's `action` values) it answers."""

    actions: tuple[str, ...] = ()

    def render(self, request, registration) -> str:
        """The section's HTML."""
        raise NotImplementedError

    def handle(self, request, registration, action: str) -> str:
        """Carry out one of `actions`; the message the visitor sees afterwards."""
        raise NotImplementedError


def registration_page_panels() -> list[RegistrationPagePanel]:
    """Every registered panel, in the order the hooks were registered."""
    return [make_panel() for make_panel in hooks.get_hooks(HOOK)]


def panel_for_action(panels: list[RegistrationPagePanel], action) -> RegistrationPagePanel | None:
    return next((panel for panel in panels if action in panel.actions), None)
