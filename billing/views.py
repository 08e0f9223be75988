"""Billing's public views: the event page's order form, and the booker's order page with its
invoices and credit notes, opened through the signed link in the booker's e-mail."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from billing.documents import invoice_filename, invoice_pdf
from billing.forms import ADD_PARTICIPANT, REMOVE_PARTICIPANT, OrderForm
from billing.links import document_path, link_expires_at, link_has_expired, order_for_token
from billing.models import Invoice, InvoiceKind, Order
from billing.services.invoicing import event_title_in
from billing.services.orders import ParticipantRefused, PlacedOrder, place_order
from events.models import EventPage
from events.services import AlreadyRegistered, BookingError, send_registration_link


def event_registration(request, event: EventPage) -> HttpResponse | str:
    """The event page's registration section: the order form's HTML (again with its errors, or with
    a participant more or less), or, once the order is placed, the answer to go to.

    The events app calls this through its `register_event_registration` hook; its view keeps the
    rate limit. A bot caught by the honeypot gets the same "check your e-mail" as everyone."""
    language = translation.get_language()
    if request.method != "POST":
        return render_form(request, OrderForm(event, language=language))
    if ADD_PARTICIPANT in request.POST or REMOVE_PARTICIPANT in request.POST:
        return render_form(request, OrderForm.redrawn(event, request.POST, language=language))
    form = OrderForm(event, request.POST, language=language)
    if not form.is_valid():
        return render_form(request, form)
    if form.is_spam:
        return HttpResponseRedirect(sent_url(event))
    try:
        placed = place_order(event, form.payer(), form.participant_list())
    except ParticipantRefused as refused:
        if isinstance(refused.cause, AlreadyRegistered):
            send_registration_link(event, refused.cause.email)
        form.refused(refused)
        return render_form(request, form)
    except BookingError as error:
        form.add_error(error.field_name if error.field_name in form.fields else None, error.message)
        return render_form(request, form)
    tell_booker(request, placed)
    return HttpResponseRedirect(sent_url(event))


def sent_url(event: EventPage) -> str:
    return event.url + "?sent=1#registration"


def render_form(request, form: OrderForm) -> str:
    return render_to_string("billing/components/order_form.html", {"form": form, "page": form.event}, request)


def tell_booker(request, placed: PlacedOrder) -> None:
    """Who has a seat and who waits, shown once on the page the booker comes back to."""
    if placed.confirmed:
        messages.success(
            request,
            _("These participants have a seat: %(names)s.")
            % {"names": ", ".join(registration.name for registration in placed.confirmed)},
        )
    if placed.waiting:
        messages.warning(
            request,
            _(
                "The event was full for these participants, so they are on the waiting list: %(names)s. "
                "We e-mail each of them as soon as a seat is free."
            )
            % {"names": ", ".join(registration.name for registration in placed.waiting)},
        )


def link_unusable(request, status: int, heading: str, explanation: str):
    return render(
        request,
        "events/registration_unavailable.html",
        {"heading": heading, "explanation": explanation},
        status=status,
    )


def usable_order(request, token: str) -> Order | HttpResponse:
    """The order the link opens, or the friendly page that says why it does not."""
    order = order_for_token(token)
    if order is None:
        return link_unusable(
            request,
            404,
            _("This link does not work"),
            _("The link was not copied in full, or it belongs to no order. Use the link in our e-mail."),
        )
    if link_has_expired(order):
        return link_unusable(
            request,
            410,
            _("This link has expired"),
            _(
                "Links to an order stop working %(days)s days after the event, on %(date)s. "
                "Write to us if you need anything about your order or its invoices."
            )
            % {
                "days": (link_expires_at(order) - order.event.end).days,
                "date": date_format(timezone.localtime(link_expires_at(order)), "DATE_FORMAT"),
            },
        )
    return order


@never_cache
@require_safe
def order_page(request, token):
    """The booker's page: the event, each participant's status, the payer, and the documents."""
    order = usable_order(request, token)
    if isinstance(order, HttpResponse):
        return order
    event = order.event.specific
    documents = list(order.invoices.select_related("credits").order_by("number"))
    return render(
        request,
        "billing/order_page.html",
        {
            "order": order,
            "event": event.get_translation_or_none(_active_locale()) or event,
            "event_title": event_title_in(order, translation.get_language()),
            "participants": [p.registration for p in order.participants.select_related("registration")],
            "documents": [(document, document_path(order, document)) for document in documents],
            "credit_note": InvoiceKind.CREDIT_NOTE,
        },
    )


@never_cache
@require_safe
def order_document(request, token, number):
    """One invoice or credit note of the order as the payer got it, only through the order's link."""
    order = usable_order(request, token)
    if isinstance(order, HttpResponse):
        return order
    document = Invoice.objects.filter(order=order, number=number).first()
    if document is None:
        raise Http404
    response = HttpResponse(invoice_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(document)}"'
    return response


def _active_locale():
    from wagtail.models import Locale

    return Locale.get_active()
