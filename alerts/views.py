"""The readers' side of the alerts: ask for a subscription, confirm it, end it, delete every
subscription of an address. Nothing here is cached (a page holds a form's token or a link's),
and every page is in the language of its address."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .forms import FollowedForm, SubscribeForm
from .limits import address_allowed, client_allowed
from .links import followed_page_url, followed_title
from .models import Subscription
from .subscribing import confirm, delete_address, subscribe, unsubscribe
from .tokens import CONFIRM, DELETE, UNSUBSCRIBE, ExpiredLink, Gone, InvalidLink, subscription_of


def _preview(followed, recruiting_only=False):
    """An unsaved subscription to what is followed, to name it."""
    return Subscription(recruiting_only=recruiting_only, **followed)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_view(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if not client_allowed(request):
            return _too_many(request)
        if form.is_robot:
            # The same answer as to a person: a robot learns nothing from it.
            return redirect("alert_sent")
        if form.is_valid():
            if not address_allowed(form.cleaned_data["email"]):
                return _too_many(request)
            subscribe(
                email=form.cleaned_data["email"],
                language=get_language(),
                followed=form.cleaned_data["followed"],
                recruiting_only=form.cleaned_data["recruiting_only"],
            )
            return redirect("alert_sent")
        followed = FollowedForm(request.POST)
    else:
        followed = FollowedForm(request.GET)
        form = SubscribeForm(initial={**request.GET.dict(), "website": ""})
    if not followed.is_valid():
        raise Http404("Nothing to follow.")
    preview = _preview(followed.cleaned_data["followed"])
    return render(
        request,
        "alerts/subscribe.html",
        {
            "form": form,
            "title": followed_title(preview),
            "followed_url": followed_page_url(preview),
        },
        status=200 if request.method == "GET" or form.is_valid() else 400,
    )


def _too_many(request):
    return render(request, "alerts/too_many.html", status=429)


@never_cache
def sent_view(request):
    return render(request, "alerts/sent.html")


def _link_error(request, error):
    if isinstance(error, ExpiredLink):
        message, status = (
            gettext(
                "This confirmation link has expired. Nothing was subscribed: ask for the "
                "alerts again from the page you wanted to follow."
            ),
            410,
        )
    elif isinstance(error, Gone):
        message, status = (
            gettext(
                "This subscription no longer exists: it was ended, or never confirmed in time. "
                "Ask for the alerts again from the page you want to follow."
            ),
            410,
        )
    else:
        message, status = (
            gettext(
                "This link is not valid: it may have been cut short or changed. Copy the whole "
                "link from the e-mail into your browser's address bar."
            ),
            400,
        )
    return render(request, "alerts/link_error.html", {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_view(request, token):
    """A page with a button (a link opened by a mail scanner confirms nothing), which
    confirms."""
    try:
        subscription = subscription_of(token, CONFIRM)
    except (InvalidLink, ExpiredLink, Gone) as error:
        return _link_error(request, error)
    if request.method == "POST":
        confirm(subscription)
        return render(
            request,
            "alerts/confirmed.html",
            {"title": followed_title(subscription), "subscription": subscription},
        )
    return render(
        request,
        "alerts/confirm.html",
        {"title": followed_title(subscription), "subscription": subscription},
    )


# Mail programs post `List-Unsubscribe=One-Click` here (RFC 8058) with no cookie and no form
# token: the signed link is the proof. Ending a subscription twice is not an error.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token):
    try:
        subscription = subscription_of(token, UNSUBSCRIBE)
    except Gone:
        return render(request, "alerts/unsubscribed.html")
    except (InvalidLink, ExpiredLink) as error:
        return _link_error(request, error)
    if request.method == "POST":
        unsubscribe(subscription)
        return render(request, "alerts/unsubscribed.html")
    return render(
        request,
        "alerts/unsubscribe.html",
        {"title": followed_title(subscription), "subscription": subscription},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete_view(request, token):
    try:
        subscription = subscription_of(token, DELETE)
    except Gone:
        return render(request, "alerts/deleted.html")
    except (InvalidLink, ExpiredLink) as error:
        return _link_error(request, error)
    if request.method == "POST":
        delete_address(subscription)
        return render(request, "alerts/deleted.html")
    return render(request, "alerts/delete.html")
