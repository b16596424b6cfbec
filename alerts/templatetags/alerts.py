from django import template

register = template.Library()


@register.inclusion_tag("alerts/includes/alert_form.html")
def alert_form(kind, value, within=None):
    """The way to the alerts of an intervention or a condition (`value`: the object), a country
    (its code) or the trials near a town (its name, and `within` km): a form that asks nothing
    yet, so that the page it is on stays the same for every reader (and cacheable)."""
    fields = {kind: value.slug if kind in ("intervention", "condition") else value}
    if kind == "near":
        fields["within"] = within
    return {"fields": fields.items(), "kind": kind}
