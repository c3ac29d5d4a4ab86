from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """The benchmark's tools: synthetic data, query counts and a trivial page.

    No models; the trivial page is routed only when BENCHMARK_ENDPOINTS is on.
    """

    name = "bench"
    verbose_name = _("Benchmark")
