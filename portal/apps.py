from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PortalConfig(AppConfig):
    name = "portal"

    def ready(self):
        from .fragments import invalidate_after_write

        # Any write to what cached fragments show makes them stale.
        signals = {"save": post_save, "delete": post_delete, "m2m": m2m_changed}
        for name, signal in signals.items():
            signal.connect(invalidate_after_write, dispatch_uid=f"fragments-{name}")
