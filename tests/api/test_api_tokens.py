"""Personal API tokens: hashed at rest, shown once, expiry and revocation, and their pages."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bettercare.accounts.models import ApiToken
from bettercare.accounts.tokens import create_token, revoke, token_for_secret

from .conftest import NEL

pytestmark = pytest.mark.django_db


def user(name="nel.viewer"):
    return get_user_model().objects.get(username=name)


def test_only_the_hash_of_the_secret_is_stored():
    token, secret = create_token(user(), "notebook", 30)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(stored)
    assert stored["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith("bc_") and len(secret) > 40 and stored["prefix"] == secret[:10]
    assert token_for_secret(secret).pk == token.pk
    assert token_for_secret(secret + "x") is None


def test_an_expired_or_revoked_token_is_refused_by_the_api(client):
    token, secret = create_token(user(), "notebook", 30)
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/v1/areas/{NEL}", **header).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/api/v1/areas/{NEL}", **header)
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    token, secret = create_token(user(), "second", 30)
    revoke(user(), token.pk)
    assert client.get(f"/api/v1/areas/{NEL}", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_expiry_is_one_of_the_offered_choices():
    with pytest.raises(ValueError):
        create_token(user(), "forever", 100000)


def test_pages_create_show_once_list_and_revoke(client):
    client.force_login(user())
    response = client.post("/account/api-tokens/", {"name": "Power BI report", "days": "90"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=user(), name="Power BI report")
    secret = response.context["secret"]
    assert secret.encode() in response.content and token_for_secret(secret).pk == token.pk
    listing = client.get("/account/api-tokens/")
    assert b"Power BI report" in listing.content and secret.encode() not in listing.content
    assert token.prefix.encode() in listing.content
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert token_for_secret(secret) is None


def test_a_user_cannot_revoke_another_users_token(client):
    token, secret = create_token(user("norfolk.editor"), "theirs", 30)
    client.force_login(user())
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert token_for_secret(secret) is not None


def test_a_missing_name_is_reported_in_plain_words(client):
    client.force_login(user())
    response = client.post("/account/api-tokens/", {"name": "", "days": "90"})
    assert b"Enter what the token is for" in response.content
    assert not ApiToken.objects.filter(user=user()).exists()


def test_token_pages_need_sign_in(client):
    assert client.get("/account/api-tokens/").status_code == 302
