from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kaaring.audit"
    label = "audit"
