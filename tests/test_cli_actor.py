"""Every change made from the command line has an author: ``--as USER``, else ``BETTERCARE_USER``,
else the operating-system user as the system actor ``cli-<login>`` (issue 15, item 6)."""

import getpass

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.monitoring.models import MetricActual

pytestmark = pytest.mark.django_db(transaction=True)

ACTUALS = "area,metric,period,numerator,denominator\nLeicestershire,perm-admissions-65,2018-19,927,142688\n"


def _load_leicestershire():
    result = CliRunner().invoke(app, ["scenario", "load", "leicestershire-2018-19"])
    assert result.exit_code == 0, result.output


def _import(tmp_path, *before, env=None):
    path = tmp_path / "actuals.csv"
    path.write_text(ACTUALS)
    result = CliRunner().invoke(app, [*before, "metrics", "import", str(path)], env=env or {})
    return result


def _author_of_latest_actual():
    record = MetricActual.history.order_by("-history_id").select_related("history_user").first()
    return record.history_user


def test_as_user_is_recorded_on_history(tmp_path, monkeypatch):
    monkeypatch.delenv("BETTERCARE_USER", raising=False)
    _load_leicestershire()
    get_user_model().objects.create_user("ann.analyst", password="not-used-here-1")
    result = _import(tmp_path, "--as", "ann.analyst")
    assert result.exit_code == 0, result.output
    assert _author_of_latest_actual().username == "ann.analyst"


def test_environment_names_the_author(tmp_path, monkeypatch):
    _load_leicestershire()
    get_user_model().objects.create_user("bob.lead", password="not-used-here-1")
    monkeypatch.setenv("BETTERCARE_USER", "bob.lead")
    result = _import(tmp_path)
    assert result.exit_code == 0, result.output
    assert _author_of_latest_actual().username == "bob.lead"


def test_without_a_name_the_os_user_is_a_system_actor_that_cannot_sign_in(tmp_path, monkeypatch):
    monkeypatch.delenv("BETTERCARE_USER", raising=False)
    _load_leicestershire()
    author = _author_of_latest_actual()
    assert author.username == f"cli-{getpass.getuser()}"
    assert author.get_full_name() == f"Command line ({getpass.getuser()})"
    assert not author.is_active and not author.has_usable_password()


def test_an_unknown_user_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("BETTERCARE_USER", raising=False)
    _load_leicestershire()
    before = MetricActual.history.count()
    result = _import(tmp_path, "--as", "nobody")
    assert result.exit_code == 2
    assert "--as nobody: there is no such user" in result.output
    assert MetricActual.history.count() == before


def test_the_author_is_forgotten_after_the_command(tmp_path, monkeypatch):
    from simple_history.models import HistoricalRecords

    monkeypatch.delenv("BETTERCARE_USER", raising=False)
    _load_leicestershire()
    assert not hasattr(HistoricalRecords.context, "request")
