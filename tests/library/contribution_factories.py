"""The contribution form page in both languages, and a moderator to review what is sent."""

from django.contrib.auth.models import Group, Permission, User

from wagtail.models import GroupApprovalTask, Locale, Page, Workflow, WorkflowPage, WorkflowTask
from wagtail.rich_text import RichText

from library.models import ContributionPage
from tests.events.factories import publish
from tests.library.factories import library_index

FORM_URL = {"da": "/bibliotek/del-din-viden/", "en": "/en/library/share-your-knowledge/"}

DANISH = {
    "title": "Del din viden",
    "slug": "del-din-viden",
    "introduction": "Har du en idé, en erfaring eller en metode? Del den med andre fagfolk.",
    "guidance": "<p>Vi leder efter erfaringer fra hverdagen i velfærden.</p>",
    "thank_you": "Tak! Vi læser dit bidrag i løbet af en uge.",
}
ENGLISH = {
    "title": "Share your knowledge",
    "slug": "share-your-knowledge",
    "introduction": "Do you have an idea, an experience or a method? Share it.",
    "guidance": "<p>We look for experience from everyday welfare work.</p>",
    "thank_you": "",
}


def _with_known_text(page: ContributionPage, text: dict) -> ContributionPage:
    """The tests' own wording on the form page, whether the demo made the page or we did."""
    page.title, page.slug = text["title"], text["slug"]
    page.introduction, page.thank_you = text["introduction"], text["thank_you"]
    page.body = [("paragraph", RichText(text["guidance"]))]
    page.save()
    return publish(page)


def contribution_form_page(language: str = "da") -> ContributionPage:
    """The contribution form under the library (the demo's, or a new one), with known text, in
    Danish and (when asked) its English translation."""
    library = library_index()
    page = ContributionPage.objects.child_of(library).first()
    if page is None:
        page = ContributionPage(title=DANISH["title"], slug=DANISH["slug"])
        library.add_child(instance=page)
    page = _with_known_text(page, DANISH)
    if language == "da":
        return page
    locale = Locale.objects.get(language_code=language)
    english_library = library_index(language)
    english_library.slug = "library"
    english_library.save()
    publish(english_library)
    translation = page.get_translation_or_none(locale) or page.copy_for_translation(locale)
    return _with_known_text(translation, ENGLISH)


def moderator(username: str = "mette") -> User:
    """A member of Wagtail's Moderators group, which the default workflow asks to approve pages."""
    user = User.objects.create_user(username, f"{username}@innovatarium.dk", "pw")
    user.groups.add(moderators_workflow().tasks.get().specific.groups.get())
    return user


def moderators_workflow() -> Workflow:
    """Wagtail's default workflow on the whole tree, made again when a flushed database lost it
    (browser tests flush; Wagtail's migrations made it once)."""
    group, _created = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    workflow = Workflow.objects.filter(name="Moderators approval").first()
    if workflow is None:
        workflow = Workflow.objects.create(name="Moderators approval")
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.get_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow
