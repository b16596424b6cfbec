"""System checks of the alerts' deployment: e-mails link to SITE_URL, over https."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    if urlsplit(settings.SITE_URL).scheme == "https":
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: alert e-mails link there.",
            hint="Set SITE_URL to the site's https address (https://trials.example.org): "
            "one-click unsubscription (RFC 8058) needs an https link, and readers need links "
            "that reach the site.",
            id="alerts.W001",
        )
    ]
