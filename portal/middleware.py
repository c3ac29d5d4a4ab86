"""Security headers Django does not set itself: Content-Security-Policy and
Permissions-Policy. SecurityMiddleware and XFrameOptionsMiddleware cover the rest."""

from django.conf import settings


def serialize_policy(directives):
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in directives.items()
    )


class SecurityHeadersMiddleware:
    """Sets the site's Content-Security-Policy and Permissions-Policy on every
    response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.content_security_policy = serialize_policy(
            settings.CONTENT_SECURITY_POLICY
        )
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)

        # Django's technical 404 and 500 pages are styled inline; while DEBUG is on
        # they must render, and they never reach a visitor in production.
        if settings.DEBUG and response.status_code in {404, 500}:
            return response

        response.headers.setdefault(
            "Content-Security-Policy", self.content_security_policy
        )
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
