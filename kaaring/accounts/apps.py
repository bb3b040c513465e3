from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kaaring.accounts"
    label = "accounts"
