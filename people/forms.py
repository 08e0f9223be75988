"""The admin form of an organisation."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from taxonomy.models import Theme


class OrganisationAdminForm(WagtailAdminModelForm):
    """Offers only the themes in the organisation's own language; the other languages follow along."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or Locale.get_default().pk
        self.fields["themes"].queryset = Theme.objects.filter(locale_id=locale_id)
