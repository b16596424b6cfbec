"""How many subscription requests an address and a client may make in an hour, counted in the
shared cache (`config.throttling`): an address cannot be flooded with confirmation e-mails, nor
the site used to send them to many addresses from one place."""

import hashlib
import time

from django.conf import settings

from config.throttling import count_in_window

WINDOW_SECONDS = 3600


def client_address(request):
    """The client's IP address: REMOTE_ADDR, or the address the trusted proxies received the
    request from (ALERTS_TRUSTED_PROXIES)."""
    proxies = settings.ALERTS_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _counted(kind, value, limit):
    window = int(time.time() // WINDOW_SECONDS)
    # Addresses are not kept in the cache: a digest of them is.
    digest = hashlib.blake2b(value.encode(), digest_size=16, key=b"alerts-limit").hexdigest()
    return count_in_window(f"alerts-limit:{kind}:{digest}:{window}", WINDOW_SECONDS + 1) <= limit


def client_allowed(request):
    """Count this request for its client; whether it is within the client's limit."""
    return _counted("client", client_address(request), settings.ALERTS_CLIENT_RATE)


def address_allowed(email):
    """Count a request for this address; whether it is within the address's limit."""
    return _counted("address", email.strip().lower(), settings.ALERTS_ADDRESS_RATE)
