"""Members of the editorial roles, and admin change forms posted as they were rendered."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

from editorial.models import TranslatorLanguages
from editorial.roles import TRANSLATOR


def member_of(role, username=None, password="a long enough password"):
    """A staff user in one of the roles created by the `editorial.0002_roles` migration; a
    translator translates into Italian."""
    user = User.objects.create_user(
        username=username or role.lower(), password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    if role == TRANSLATOR:
        TranslatorLanguages.objects.create(user=user, languages=["it"])
    return user


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_form_data(response):
    """The POST data of an admin change form as rendered: form, inlines, management forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            widget = form.fields[name].widget
            if value is None or value is False:
                continue
            if hasattr(widget, "decompress") and not isinstance(value, list):
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)
    return data
