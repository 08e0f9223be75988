"""Fixed vocabularies of the events app, with Danish and English labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    THINKSHOP = "thinkshop", _("Thinkshop")
    LECTURE = "lecture", _("Lecture")
    OPEN_WORKSHOP = "open-workshop", _("Open workshop")
    COURSE_DAY = "course-day", _("Course day")
    INNOVATION_FAIR = "innovation-fair", _("Innovation fair")
    CROSS_PROFESSIONAL_MEETING = "cross-professional-meeting", _("Cross-professional meeting")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


class VatRate(models.TextChoices):
    EXEMPT = "exempt", _("Exempt from VAT")
    STANDARD = "25", _("25 % VAT")
