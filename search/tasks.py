"""Background tasks of the search app: bring one page's index entry up to date."""

from django_tasks import task


@task()
def reindex_page(page_id: int) -> bool:
    """Index the page as it is now (a deleted page leaves nothing to do). True when indexed."""
    from wagtail.models import Page
    from wagtail.search import index

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return False
    index.insert_or_update_object(page.specific)
    return True
