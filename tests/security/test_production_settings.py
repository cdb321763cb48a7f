"""Production by default: `manage check --deploy` is clean with a key from the environment and names the
missing key otherwise; the production server refuses to start without a key; pages carry a Content
Security Policy with no inline script; error pages are branded and list no URLs; wrong passwords lock
sign-in; weak passwords are refused."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

SRC = Path(__file__).resolve().parents[2] / "src" / "bettercare"
BETTERCARE = Path(sys.executable).with_name("bettercare")


def run(*args: str, key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BETTERCARE_", "DJANGO_"))}
    if key:
        env["BETTERCARE_SECRET_KEY"] = key
    return subprocess.run([str(BETTERCARE), *args], env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_in_production_settings_with_a_key():
    result = run("manage", "check", "--deploy", "--fail-level", "WARNING", key=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_reports_a_missing_key():
    result = run("manage", "check", "--deploy", key=None)
    assert result.returncode != 0
    assert "bettercare.E001" in result.stderr and "BETTERCARE_SECRET_KEY is not set" in result.stderr


def test_production_server_refuses_to_start_without_a_key():
    result = run("serve", "--port", "8799", key=None)
    assert result.returncode == 2
    message = " ".join(result.stdout.split() + result.stderr.split())
    assert "BETTERCARE_SECRET_KEY is not set, so the production server will not start" in message
    assert "Traceback" not in result.stderr


def test_production_settings_defaults():
    from bettercare.web import settings

    assert settings.DEBUG is False
    assert settings.SECURE_SSL_REDIRECT and settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_inline_script(client):
    policy = client.get("/sign-in/")["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]+)", policy).group(1)
    assert script.strip() == "'self'"
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_or_unescaped_json():
    """Every <script> loads a file or holds json_script output; no on* handler attributes; no |safe on JSON."""
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{template.name}: {tag}")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template.name}: inline event handler")
        if re.search(r"\{\{[^}]*(spec|spark|json)[^}]*\|safe", text):
            offenders.append(f"{template.name}: JSON with |safe")
    assert offenders == []


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_404_is_branded_with_a_way_back_and_lists_no_urls():
    response = Client().get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and 'id="way-back"' in body and "bettercare" in body
    assert "urlpatterns" not in body.lower() and "sign-in/" not in body.split("</header>")[1].split("way-back")[0]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_403_is_branded(client, django_user_model):
    user = django_user_model.objects.create_user("outsider", password=None)
    client.force_login(user)
    from bettercare.plans.models import Plan

    response = client.get(f"/plans/{Plan.objects.first().pk}/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "You do not have access to this page" in body and 'id="way-back"' in body


def test_500_page_renders_without_a_request_context():
    from django.template import loader

    body = loader.get_template("500.html").render({})
    assert "Sorry, there is a problem with the service" in body and 'id="way-back"' in body


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused(django_user_model):
    django_user_model.objects.create_user("target.user", password="a-Long-and-unusual-passphrase-7")
    client = Client()
    for _ in range(30):
        client.post("/sign-in/", {"username": "target.user", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "target.user", "password": "a-Long-and-unusual-passphrase-7"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (403, 429)
    assert "Sign-in locked" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("weak", ["password", "12345678", "abc123", "qwertyuiop"])
def test_weak_passwords_are_refused(weak, django_user_model):
    user = django_user_model(username="someone")
    with pytest.raises(ValidationError):
        password_validation.validate_password(weak, user)


@pytest.mark.django_db
def test_a_strong_password_is_accepted(django_user_model):
    password_validation.validate_password("correct horse battery staple 42", django_user_model(username="someone"))
