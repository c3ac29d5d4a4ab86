"""The benchmark's baseline: a page that does no work but go through the middleware."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def ping(request):
    return HttpResponse("pong\n", content_type="text/plain")
