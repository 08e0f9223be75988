"""The `money` filter: `{{ amount|money }}` in the active language, `{{ amount|money:"en" }}` in another."""

from django import template

from core.money import format_money

register = template.Library()


@register.filter
def money(amount, language=None):
    if amount is None or amount == "":
        return ""
    return format_money(amount, language)
