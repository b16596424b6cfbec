from celery.exceptions import Retry
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from trials.importers.clients import RegistryError
from trials.models import Trial

from .forms import AddFromRegistryForm
from .models import FollowedSearch
from .syncing import sync_identifiers
from .tasks import sync_followed_search


@admin.register(FollowedSearch)
class FollowedSearchAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "enabled",
        "publish",
        "last_synced_at",
        "running_since",
        "records_done",
        "records_failed",
    ]
    list_filter = ["registry", "kind", "enabled", "publish"]
    search_fields = ["value"]
    fields = [
        ("registry", "kind"),
        "value",
        "publish",
        "enabled",
        "last_synced_at",
        "running_since",
        ("records_done", "records_failed"),
        "last_result",
        "cursor",
    ]
    readonly_fields = [
        "last_synced_at",
        "running_since",
        "records_done",
        "records_failed",
        "last_result",
        "cursor",
    ]
    actions = ["sync_now"]
    change_list_template = "admin/sync/followedsearch/change_list.html"

    @admin.action(description=_("Sync the selected searches now"))
    def sync_now(self, request, queryset):
        for search in queryset.enabled():
            try:
                sync_followed_search.delay(search.pk)
            except (RegistryError, Retry) as error:
                self.message_user(request, f"{search}: {error}", messages.ERROR)
        self.message_user(request, _("The sync of the selected searches has started."))

    def get_urls(self):
        return [
            path(
                "add-from-registry/",
                self.admin_site.admin_view(self.add_from_registry),
                name="sync_add_from_registry",
            ),
            *super().get_urls(),
        ]

    def add_from_registry(self, request):
        """Fetch one trial by its NCT or EU CT number and import it, as a draft or published."""
        if not request.user.has_perm("trials.add_trial"):
            raise PermissionDenied
        can_publish = request.user.has_perm("trials.publish_trial")
        form = AddFromRegistryForm(request.POST or None, can_publish=can_publish)
        if request.method == "POST" and form.is_valid():
            identifier = form.cleaned_data["identifier"]
            report = sync_identifiers([identifier], publish=form.cleaned_data["publish"])
            if report.failed:
                messages.error(
                    request,
                    _("%(identifier)s could not be imported: %(reason)s")
                    % {"identifier": identifier, "reason": report.failures[0].reason},
                )
            else:
                trial = Trial.objects.with_any_identifier([identifier]).first()
                messages.success(
                    request,
                    _("%(identifier)s was imported: %(summary)s.")
                    % {"identifier": identifier, "summary": report.summary()},
                )
                if trial is not None:
                    return redirect(reverse("admin:trials_trial_change", args=[trial.pk]))
            return redirect(reverse("admin:sync_add_from_registry"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Add a trial from its registry"),
            "form": form,
        }
        return TemplateResponse(request, "admin/sync/add_from_registry.html", context)
