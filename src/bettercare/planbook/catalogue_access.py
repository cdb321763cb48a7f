"""Who may add catalogue versions: national administrators (the national team, or a superuser)."""

from bettercare.accounts.access import is_national


def may_manage_catalogue(user) -> bool:
    return bool(user is not None and user.is_authenticated and is_national(user))
