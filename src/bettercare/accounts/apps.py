from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bettercare.accounts"
    label = "accounts"
