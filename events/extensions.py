"""Where other apps add to the events app's pages, without the events app knowing them.

- The registrant's own page: an app registers a panel with the `register_registration_page_panel`
  Wagtail hook (network's "who is coming" does); the panel renders its section and answers the
  form actions it names.
- The event page: an app registers a function with the `register_event_page_section` hook that
  renders a section for an event (the library's "material from the library" does).
- The event page's registration form: the app that takes bookings registers a function with the
  `register_event_registration` hook (billing's order form does). The events app keeps the page, its
  rate limit and the notice after sending; the function answers the form.
- The scheduled job: an app registers a function with the `register_scheduled_job` hook, and
  `manage.py run_event_jobs` (cron, every 15 minutes) runs it after the events app's own work;
  it does its work and returns one line for the job's output (billing's payment reminders do).
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

from wagtail import hooks

REGISTRATION_PAGE_PANEL_HOOK = "register_registration_page_panel"
EVENT_PAGE_SECTION_HOOK = "register_event_page_section"
EVENT_REGISTRATION_HOOK = "register_event_registration"
SCHEDULED_JOB_HOOK = "register_scheduled_job"


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
    return [make_panel() for make_panel in hooks.get_hooks(REGISTRATION_PAGE_PANEL_HOOK)]


def panel_for_action(panels: list[RegistrationPagePanel], action) -> RegistrationPagePanel | None:
    return next((panel for panel in panels if action in panel.actions), None)


def event_page_sections(request, event) -> SafeString:
    """The sections other apps add to an event's page, in the hooks' order."""
    sections = [render_section(request, event) for render_section in hooks.get_hooks(EVENT_PAGE_SECTION_HOOK)]
    # Each section is rendered from its app's template, which escapes what it shows.
    return mark_safe("".join(sections))  # noqa: S308


def event_registration(request, event) -> HttpResponse | SafeString:
    """The registration section of an event's page: the form's HTML, or after a successful POST
    the response to send. The last function registered with the hook answers (one app takes
    bookings)."""
    answers = hooks.get_hooks(EVENT_REGISTRATION_HOOK)
    if not answers:
        raise ImproperlyConfigured(
            f"No app answers the event page's form: register {EVENT_REGISTRATION_HOOK}."
        )
    answer = answers[-1](request, event)
    if isinstance(answer, HttpResponse):
        return answer
    # The form is rendered from its app's templates, which escape what they show.
    return mark_safe(answer)  # noqa: S308


def run_scheduled_jobs() -> list[str]:
    """Run every job other apps registered, in the hooks' order; the line each reports."""
    return [run_job() for run_job in hooks.get_hooks(SCHEDULED_JOB_HOOK)]
