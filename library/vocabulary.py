"""Fixed vocabularies of the library, with Danish and English labels through gettext.

Keys are stable: they appear in addresses, filters and the listings API, so a label may be
reworded but a key never changes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    METHOD = "method", _("Method or tool")
    CASE = "case", _("Case story")
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    VIDEO = "video", _("Video")
    PODCAST = "podcast", _("Podcast")
    TEMPLATE = "template", _("Template")


class Phase(models.TextChoices):
    """The phases of an innovation process, plus the craft that runs through all of them."""

    UNDERSTAND = "understand", _("Understand")
    FRAME = "frame", _("Frame the challenge")
    IDEATE = "ideate", _("Ideate")
    PROTOTYPE = "prototype", _("Prototype and test")
    IMPLEMENT = "implement", _("Implement and evaluate")
    SPREAD = "spread", _("Spread and share")
    FACILITATE = "facilitate", _("Facilitation and co-creation")


class ParticipationLevel(models.TextChoices):
    """How much say the citizens or users have, from being told to deciding themselves."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


class MaterialLanguage(models.TextChoices):
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")
    BOTH = "da-en", _("Danish and English")
    OTHER = "other", _("Other language")


class Licence(models.TextChoices):
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0")
    CC0 = "cc0-1.0", _("CC0: no rights reserved")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


# The licence deeds, in the visitor's language where Creative Commons has one.
LICENCE_URLS = {
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.{language}",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.{language}",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.{language}",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.{language}",
}

# Short names for tags and cards; the full name is in Licence's labels.
LICENCE_SHORT_NAMES = {
    Licence.CC_BY_SA: "CC BY-SA 4.0",
    Licence.CC_BY: "CC BY 4.0",
    Licence.CC_BY_NC: "CC BY-NC 4.0",
    Licence.CC0: "CC0 1.0",
}


def licence_url(licence: str, language: str) -> str:
    template = LICENCE_URLS.get(licence)
    return template.format(language=language) if template else ""


class FileRole(models.TextChoices):
    PRINTABLE_CARD = "card", _("Printable card")
    EDITABLE_TEMPLATE = "template", _("Editable template")
    REPORT = "report", _("Report")
    HANDOUT = "handout", _("Handout")
    SLIDES = "slides", _("Slides")


class TimeNeeded(models.TextChoices):
    UNDER_HOUR = "under-1h", _("Under an hour")
    ONE_TO_THREE_HOURS = "1-3h", _("1–3 hours")
    HALF_DAY = "half-day", _("Half a day")
    FULL_DAY = "full-day", _("A full day")
    SEVERAL_DAYS = "several-days", _("Several days or a process")


class GroupSize(models.TextChoices):
    ALONE_OR_PAIRS = "1-2", _("Alone or in pairs")
    SMALL = "3-8", _("3–8 people")
    MEDIUM = "9-20", _("9–20 people")
    LARGE = "21-plus", _("21 or more")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy to start with")
    MODERATE = "moderate", _("Some experience helps")
    ADVANCED = "advanced", _("For experienced facilitators")


class Maturity(models.TextChoices):
    """How far a case has come: an idea, tried once, part of daily work, or taken up elsewhere."""

    IDEA = "idea", _("Idea")
    TESTED = "tested", _("Tested")
    IMPLEMENTED = "implemented", _("Implemented")
    SPREAD = "spread", _("Spread to others")
