"""Strings that Wagtail and wagtail-localize show editors in the admin but whose own Danish
catalogues leave untranslated (wagtail-localize ships three Danish strings in all).

Marked here only so that `makemessages` keeps them in locale/da: the project's LOCALE_PATHS come
first in Django's translation lookup, so their Danish in our catalogue is what the admin shows.
Nothing imports this module; a string Wagtail translates itself one day can be dropped from it.
"""

from django.utils.translation import gettext_noop

WAGTAIL = (
    gettext_noop("Page %(page_num)s of %(total_pages)s"),
    gettext_noop("Choose %(object)s"),
    gettext_noop("Choose another %(object)s"),
    gettext_noop("Edit this %(object)s"),
    gettext_noop("Choose an image"),
    gettext_noop("Choose another image"),
    gettext_noop("Edit this image"),
    gettext_noop("Approve with comment"),
    gettext_noop("Request changes"),
)

WAGTAIL_LOCALIZE = (
    gettext_noop("Translate"),
    gettext_noop("Translate this page"),
    gettext_noop("Translate page"),
    gettext_noop("Translate '%(title)s'"),
    gettext_noop("Translations"),
    gettext_noop("Translation of %(instance)s into %(locale)s"),
    gettext_noop("Sync translated pages"),
    gettext_noop("Sync translated snippets"),
    gettext_noop("Sync translations of '%(title)s'"),
    gettext_noop("Sync translated %(model_name)s"),
    gettext_noop("Translate {model_name}"),
    gettext_noop("Publish immediately"),
    gettext_noop("Update existing translations"),
    gettext_noop("Locales"),
    gettext_noop("Select all"),
    gettext_noop("Source title"),
    gettext_noop("Up to date"),
    gettext_noop("Waiting for translations"),
    gettext_noop("Translation has been stopped."),
    gettext_noop("Translation has been restarted."),
    gettext_noop("Published '{object}' in {locale}."),
    gettext_noop("Published '{object}' in {locale} with missing translations - see below."),
    gettext_noop("The page '{page_title}' was successfully submitted for translation into {locales}"),
    gettext_noop("Successfully updated translations for '{object}'"),
    gettext_noop("Editing %(object_type)s %(title)s"),
    gettext_noop("Why would I sync my page?"),
    gettext_noop("Go back"),
    gettext_noop("Submit"),
)

# Wagtail's e-mails about workflows (wagtailadmin/notifications/), sent to each staff member in
# their own admin language: without these, Danish moderators got them in English.
WAGTAIL_NOTIFICATIONS = (
    gettext_noop("Edit your notification preferences here:"),
    gettext_noop('The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'),
    gettext_noop('The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop("You can edit the %(model_name)s here:"),
    gettext_noop("You can preview the %(model_name)s here:"),
    gettext_noop('The page "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The page "%(title)s" has been approved in moderation stage "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected in moderation stage "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected'),
    gettext_noop('The page "%(title)s" has been rejected.'),
    gettext_noop('The page "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" '
        "by %(rejector)s."
    ),
    gettext_noop('The following comment was left: "%(comment)s"'),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop('The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" '
        "by %(requester)s."
    ),
    gettext_noop('%(editor)s has updated comments on "%(title)s"'),
    gettext_noop('%(editor)s has updated comments on "%(title)s".'),
    gettext_noop("New comments:"),
    gettext_noop("New replies:"),
    gettext_noop("Resolved comments:"),
    gettext_noop("Deleted comments:"),
)
