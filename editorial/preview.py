"""Staff previews of unpublished pages: `?preview=1` on a public URL."""

from django.contrib.auth import get_permission_codename
from django.utils import translation

from . import revisions

PREVIEW_PARAMETER = "preview"


def can_preview(request, model):
    """Whether this request asks for a preview and may see one: active staff who can view
    the model in the admin."""
    user = request.user
    if request.GET.get(PREVIEW_PARAMETER) != "1" or not user.is_active or not user.is_staff:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('view', opts)}")


def visible(queryset, request):
    """The queryset as this request may see it: published objects, or all of them in a preview."""
    return queryset if can_preview(request, queryset.model) else queryset.published()


def preview_url(obj):
    """The object's public page, as a preview when it is not published."""
    url = obj.get_absolute_url()
    return url if obj.is_published else f"{url}?{PREVIEW_PARAMETER}=1"


def with_pending_change(obj, request):
    """`obj` as a preview shows it: with the change waiting for review, if there is one.

    Readers (no preview asked, or not allowed) get `obj` as published, with no query more."""
    if obj.is_published and can_preview(request, type(obj)):
        revision = revisions.pending_revision(obj)
        if revision is not None:
            revisions.preview(obj, revision)
            obj._previewed_revision = revision
    return obj


def preview_context(obj):
    """The template context of a page showing `obj`: `preview` is true while it is unpublished
    or shows a change waiting for review (the base template then shows the preview banner)."""
    pending = getattr(obj, "_previewed_revision", None) is not None
    return {"preview": not obj.is_published or pending, "previews_pending_change": pending}


def page_url_in(obj, language):
    """The public page of `obj` (a content object or one of its rows, such as a trial's site) in
    `language`, as a preview when the page is not published."""
    with translation.override(language):
        url = obj.get_absolute_url()
    page = obj if hasattr(obj, "is_published") else getattr(obj, "trial", None)
    if page is None or page.is_published:
        return url
    path, sep, fragment = url.partition("#")
    return f"{path}?{PREVIEW_PARAMETER}=1{sep}{fragment}"
