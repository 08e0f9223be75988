"""Wagtail's publishing and workflow signals, turned into decisions on contributions."""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, WorkflowState
from wagtail.signals import page_published, workflow_rejected

from library.contributions import record_publication, record_rejection
from library.models import ResourcePage


def resource_published(sender, instance, **kwargs):
    record_publication(instance)


def workflow_turned_down(sender, instance, **kwargs):
    # Workflows also run on snippets, whose ids are not page ids.
    if instance.base_content_type_id == ContentType.objects.get_for_model(Page).pk:
        record_rejection(int(instance.object_id))


def register_signal_handlers():
    page_published.connect(resource_published, sender=ResourcePage, dispatch_uid="library_resource_published")
    workflow_rejected.connect(
        workflow_turned_down, sender=WorkflowState, dispatch_uid="library_contribution_rejected"
    )
