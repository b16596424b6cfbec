"""Readers' e-mail alerts: one row per address and followed thing (an intervention, a
condition, a country or the trials near a town), holding only the address, the language of
its e-mails and the reader's choices, with the dates a digest needs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from trials.models import Condition, Intervention, Trial, recruiting


class FollowedKind(models.TextChoices):
    INTERVENTION = "intervention", _("Treatment")
    CONDITION = "condition", _("Condition")
    COUNTRY = "country", _("Country")
    NEAR = "near", _("Near a town or city")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def unconfirmed_since(self, moment):
        """The subscriptions whose confirmation link has expired unused."""
        return self.pending().filter(created_at__lt=moment)

    def of_address(self, email):
        return self.filter(email__iexact=email)

    def like(self, subscription):
        """The subscriptions of the same address to the same thing, with the same choices."""
        return self.of_address(subscription.email).filter(
            **{name: getattr(subscription, name) for name in Subscription.CHOICE_FIELDS}
        )


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("follows"), max_length=20, choices=FollowedKind.choices)
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("treatment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    condition = models.ForeignKey(
        Condition,
        verbose_name=_("condition"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    country = CountryField(_("country"), blank=True)
    # A town of the gazetteer, as its name and point (not the reader's own position).
    place_label = models.CharField(_("town or city"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    within_km = models.PositiveSmallIntegerField(_("within (km)"), null=True, blank=True)
    recruiting_only = models.BooleanField(_("recruiting trials only"), default=False)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The changes noted up to this moment have been considered for a digest.
    digest_until = models.DateTimeField(_("digest up to"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    CHOICE_FIELDS = (
        "kind",
        "intervention",
        "condition",
        "country",
        "place_label",
        "latitude",
        "longitude",
        "within_km",
        "recruiting_only",
    )

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["-created_at", "-id"]
        permissions = [("view_subscriber_address", _("Can view subscribers' e-mail addresses"))]
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="alert_confirmed")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=FollowedKind.INTERVENTION,
                        intervention__isnull=False,
                        condition__isnull=True,
                        country="",
                        latitude__isnull=True,
                    )
                    | Q(
                        kind=FollowedKind.CONDITION,
                        condition__isnull=False,
                        intervention__isnull=True,
                        country="",
                        latitude__isnull=True,
                    )
                    | Q(
                        kind=FollowedKind.COUNTRY,
                        intervention__isnull=True,
                        condition__isnull=True,
                        latitude__isnull=True,
                    )
                    & ~Q(country="")
                    | Q(
                        kind=FollowedKind.NEAR,
                        intervention__isnull=True,
                        condition__isnull=True,
                        country="",
                        latitude__isnull=False,
                        longitude__isnull=False,
                        within_km__isnull=False,
                    )
                ),
                name="alert_follows_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def followed_trials(self, among=None):
        """The published trials this subscription follows (of `among`, a QuerySet of trials, if
        given): those of its intervention, condition or country, or with a site within its
        distance of its town; looking for participants now, if the reader chose so."""
        trials = (among if among is not None else Trial.objects.all()).published()
        if self.recruiting_only:
            trials = trials.alias(looking=recruiting()).filter(looking=True)
        if self.kind == FollowedKind.INTERVENTION:
            return trials.of_intervention(self.intervention_id)
        if self.kind == FollowedKind.CONDITION:
            return trials.matching(condition=self.condition.slug)
        if self.kind == FollowedKind.COUNTRY:
            return trials.matching(country=self.country.code)
        return trials.near(self.latitude, self.longitude, self.within_km)
