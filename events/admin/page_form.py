"""The admin form of an event page."""

from core.localised_choices import LocalisedChoicesForm


class EventPageForm(LocalisedChoicesForm):
    """A new event starts with one empty price option, as at least one is required.

    Without it Wagtail shows "The minimum number of items is 1" in red on a form nobody has touched
    yet (issue 16, finding 6), and the editor has to find the "+" to add the price.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound and not self.instance.price_options:
            block = self.fields["price_options"].block
            self.initial["price_options"] = block.to_python([{"type": "price", "value": {}}])
