"""Contributions: a practitioner's submission becomes a draft resource in the moderation workflow,
its file waits in a collection only staff can open, and the contributor hears the outcome once.
"""

import logging
import re
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import RichText
from wagtail.utils.file import hash_filelike

from core.storage import make_public, private_name
from library.filetypes import PRESENTATION_EXTENSIONS, extension_of
from library.models import Contribution, ContributionPage, LibraryIndexPage, ResourceFile, ResourcePage
from library.models.contributions import ContributionDecision, ContributionKind
from library.vocabulary import FileRole, Licence, MaterialLanguage, Maturity, ResourceType

logger = logging.getLogger(__name__)

# Collections are named in Danish: the staff who see them in the admin work in Danish.
REVIEW_COLLECTION_NAME = "Bidrag til gennemsyn"
LIBRARY_COLLECTION_NAME = "Bibliotek"

# An idea is a case that has not happened yet; the library shows it as a case of maturity "idea".
RESOURCE_FOR_KIND = {
    ContributionKind.IDEA: (ResourceType.CASE, Maturity.IDEA),
    ContributionKind.CASE: (ResourceType.CASE, ""),
    ContributionKind.METHOD: (ResourceType.METHOD, ""),
}
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
MATERIAL_LANGUAGE = {"da": MaterialLanguage.DANISH, "en": MaterialLanguage.ENGLISH}


@dataclass(frozen=True)
class Submission:
    """What the contributor sent, already checked by the form."""

    kind: str
    title: str
    summary: str
    phase: str
    text: str
    name: str
    email: str
    language: str
    file: UploadedFile | None = None


def submit_contribution(form_page: ContributionPage, submission: Submission) -> ResourcePage:
    """Create the draft resource, its file and the contributor's row, and start the moderation
    workflow, all in one transaction. The file is removed from storage again if anything fails."""
    stored_files = []
    try:
        with transaction.atomic():
            # Lock the library: two submissions at once must not pick the same slug or tree position.
            library = LibraryIndexPage.objects.select_for_update().get(pk=form_page.get_parent().pk)
            resource_type, maturity = RESOURCE_FOR_KIND[submission.kind]
            resource = ResourcePage(
                title=submission.title,
                slug=find_available_slug(library, page_slug(submission.title)),
                locale_id=library.locale_id,
                resource_type=resource_type,
                maturity=maturity,
                summary=submission.summary,
                phase=submission.phase,
                body=body_from_text(submission.text),
                licence=Licence.CC_BY_SA,
                material_language=MATERIAL_LANGUAGE.get(submission.language, MaterialLanguage.OTHER),
                live=False,
                has_unpublished_changes=True,
            )
            if submission.file is not None:
                document = store_document(submission.file, submission.title)
                stored_files.append(document.file)
                resource.files = [ResourceFile(document=document, role=file_role(submission))]
            library.add_child(instance=resource)
            # Saving the page logs its creation; the revision is what the moderators review.
            resource.save_revision()
            Contribution.objects.create(
                page=resource,
                kind=submission.kind,
                name=submission.name,
                email=submission.email,
                language=submission.language,
                consented_to_licence_at=timezone.now(),
            )
            # Last, because Wagtail e-mails the moderators as the workflow starts.
            workflow = resource.get_workflow()
            if workflow is None:
                logger.warning("No workflow applies to resource %s: it waits as a draft", resource.pk)
            else:
                workflow.start(resource, user=None)
    except BaseException:
        for stored in stored_files:
            stored.storage.delete(stored.name)
        raise
    return resource


def page_slug(title: str) -> str:
    """A readable ASCII slug from a Danish or English title (æ, ø and å spelled out as in Danish)."""
    spelled = title.translate(DANISH_LETTERS)
    return slugify(spelled)[:60].strip("-") or "bidrag"


def body_from_text(text: str) -> list[tuple[str, RichText]]:
    """Plain text as paragraph blocks: an empty line starts a paragraph, a line break stays one.

    Everything the contributor wrote is escaped: their text is never markup.
    """
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return [
        ("paragraph", RichText("<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"))
        for paragraph in paragraphs
    ]


def file_role(submission: Submission) -> str:
    """A first guess at the file's role; staff can change it during review."""
    if extension_of(submission.file.name) in PRESENTATION_EXTENSIONS:
        return FileRole.SLIDES
    if submission.kind == ContributionKind.CASE:
        return FileRole.REPORT
    return FileRole.HANDOUT


def store_document(upload: UploadedFile, title: str):
    """The upload as a Wagtail document in the review collection, its file in the private storage
    under a random name: outside the public media, with no address but Wagtail's document view,
    which lets only staff in while the collection is private.

    Neither the visitor's file name (it may hold a person's name) nor the title is in the stored
    name; the file gets a readable name from the title when it is published.
    """
    document = get_document_model()(title=title, collection=review_collection())
    upload.seek(0)
    document.file_hash = hash_filelike(upload)
    upload.seek(0)
    document.file_size = upload.size
    field = document.file.field
    document.file.name = document.file.storage.save(
        private_name("contributions", extension_of(upload.name)), upload, max_length=field.max_length
    )
    document.save()
    return document


def review_collection() -> Collection:
    """Where contributed files wait: only logged-in staff can download them."""
    collection = _top_level_collection(REVIEW_COLLECTION_NAME)
    # Keep a stricter restriction an editor may have chosen (e.g. certain groups); never none.
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def library_collection() -> Collection:
    """The public collection of the library's files."""
    return _top_level_collection(LIBRARY_COLLECTION_NAME)


def _top_level_collection(name: str) -> Collection:
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).order_by("path").first() or root.add_child(name=name)


def record_publication(resource: ResourcePage) -> None:
    """A resource went live: its files leave the review collection and the private storage, and a
    contributor hears of it once. A file's address changes with its name: from a random one that
    only staff could open to /documents/<id>/<title>.<extension>."""
    review = Collection.objects.filter(name=REVIEW_COLLECTION_NAME, depth=2)
    waiting = get_document_model().objects.filter(
        collection__in=review, pk__in=ResourceFile.objects.filter(page=resource).values("document_id")
    )
    if waiting.exists():
        public = library_collection()
        for document in waiting:
            document.collection = public
            # The file leaves the private storage for the public documents, named from its title.
            make_public(document.file, f"documents/{page_slug(document.title)}.{document.file_extension}")
            document.save(update_fields=["collection", "file"])
    # A conditional update: publishing again, or two publishes at once, cannot e-mail twice.
    if (
        Contribution.objects.filter(page=resource)
        .exclude(decision=ContributionDecision.PUBLISHED)
        .update(decision=ContributionDecision.PUBLISHED, decided_at=timezone.now())
    ):
        notify_contributor(resource.pk, "published")


def record_rejection(page_id: int) -> None:
    """Staff turned a contribution down in the workflow: the contributor hears of it once.

    Only a pending contribution counts; changes requested on a later draft of a published
    resource are the editors' business.
    """
    if Contribution.objects.filter(page_id=page_id, decision=ContributionDecision.PENDING).update(
        decision=ContributionDecision.REJECTED, decided_at=timezone.now()
    ):
        notify_contributor(page_id, "rejected")


def notify_contributor(page_id: int, kind: str) -> None:
    """Queue the e-mail once the decision has committed; a rolled-back decision sends nothing."""
    from library.tasks import send_contribution_email

    transaction.on_commit(lambda: send_contribution_email.enqueue(page_id, kind))
