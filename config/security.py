"""The security headers Django's SecurityMiddleware does not send: Cross-Origin-Resource-Policy
and Permissions-Policy, on every response (pages, the API, static files)."""

from django.conf import settings


def permissions_policy(features):
    """`{"camera": [], "geolocation": ["self"]}` as the header's `camera=(), geolocation=(self)`."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Cross-Origin-Resource-Policy": settings.CROSS_ORIGIN_RESOURCE_POLICY,
            "Permissions-Policy": permissions_policy(settings.PERMISSIONS_POLICY),
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
