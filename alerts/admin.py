"""Subscriptions in the admin: counts for staff who may view them, addresses only for those
who also hold `alerts.view_subscriber_address`. Readers make and end subscriptions; staff
only delete them (on a reader's request)."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .links import followed_title
from .models import FollowedKind, Subscription

ADDRESS_PERMISSION = "alerts.view_subscriber_address"


def sees_addresses(request):
    return request.user.has_perm(ADDRESS_PERMISSION)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["followed", "language", "recruiting_only", "is_confirmed", "created_at"]
    list_filter = [
        "kind",
        "language",
        "recruiting_only",
        ("confirmed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["intervention", "condition"]
    change_list_template = "admin/alerts/subscription/change_list.html"
    fields = [
        "email",
        "followed",
        "language",
        "recruiting_only",
        "created_at",
        "confirmed_at",
        "digest_until",
    ]

    @admin.display(description=_("follows"))
    def followed(self, subscription):
        return followed_title(subscription)

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, subscription):
        return subscription.is_confirmed

    def get_list_display(self, request):
        if sees_addresses(request):
            return ["email", *self.list_display]
        return self.list_display

    def get_search_fields(self, request):
        # Searching by address would tell who is subscribed.
        return ["email"] if sees_addresses(request) else []

    def get_fields(self, request, obj=None):
        if sees_addresses(request):
            return self.fields
        return [name for name in self.fields if name != "email"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        counts = Subscription.objects.aggregate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            pending=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        by_kind = dict(
            Subscription.objects.confirmed()
            .values_list("kind")
            .annotate(count=Count("pk"))
            .order_by()
        )
        extra_context = {
            **(extra_context or {}),
            "subscription_counts": counts,
            "counts_by_kind": [
                (label, by_kind.get(value, 0)) for value, label in FollowedKind.choices
            ],
            "sees_addresses": sees_addresses(request),
        }
        return super().changelist_view(request, extra_context=extra_context)
