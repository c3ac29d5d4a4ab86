"""Routed under /bench/ only when BENCHMARK_ENDPOINTS is on (never in production)."""

from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [
    path("ping/", views.ping, name="ping"),
]
