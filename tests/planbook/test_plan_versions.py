"""Frozen plans refuse every edit in the service layer; a new version copies every row; the diff
names what changed; submission runs the checks first."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from bettercare.delivery.models import ConditionConfirmation
from bettercare.planbook import editing
from bettercare.planbook.snapshot import dump_plan
from bettercare.planbook.versions import compare, create_new_version
from bettercare.planbook.workflow import SubmissionRefused, approve_plan, submit_plan
from bettercare.plans.models import Contribution, Plan, Scheme

pytestmark = pytest.mark.django_db


def user(name: str):
    return get_user_model().objects.get(username=name)


def nel_editor(nel: Plan):
    from bettercare.accounts.models import Membership

    editor = get_user_model().objects.create_user("nel.editor", password="x")
    Membership.objects.create(user=editor, area=nel.area, role="editor")
    return editor


def plan(scenario: str) -> Plan:
    return Plan.objects.get(scenario=scenario)


def test_every_edit_of_a_frozen_plan_is_refused_in_the_service_layer():
    leics = plan("leicestershire-2018-19")
    approver = user("leicestershire.approver")
    contribution = leics.contributions.get(organisation__code="04V", stream__code="ccg_minimum")
    condition = leics.period.national_conditions.first()
    attempts = [
        lambda: editing.save_row(approver, leics, contribution, amount=Decimal(1)),
        lambda: editing.delete_row(approver, leics, contribution),
        lambda: editing.save_scheme(approver, leics, Scheme(ref="NEW", name="New"), [], []),
        lambda: editing.save_conditions(
            approver, leics, [{"condition": condition, "confirmed": True, "narrative": ""}]
        ),
        lambda: submit_plan(approver, leics),
    ]
    for attempt in attempts:
        with pytest.raises(editing.PlanFrozen, match="Create a new version"):
            attempt()
    contribution.refresh_from_db()
    assert contribution.amount == Decimal("21240000")
    assert not Scheme.objects.filter(plan=leics).exists()
    assert not ConditionConfirmation.objects.filter(plan=leics).exists()


def test_spend_edit_of_a_frozen_plan_is_refused():
    nel = plan("nel-2017-19")
    scheme = nel.schemes.get(ref="EHCH")
    with pytest.raises(editing.PlanFrozen):
        editing.save_spend(nel_editor(nel), nel, scheme, {"2017-18": {"recurrent": Decimal(1)}})


def test_only_the_hwbs_editors_may_edit_its_draft():
    norfolk = plan("norfolk-2014-16")
    contribution = norfolk.contributions.first()
    for name in ("national", "nel.viewer", "leicestershire.approver"):
        with pytest.raises(PermissionDenied):
            editing.save_row(user(name), norfolk, contribution, note="changed")
    editing.save_row(user("norfolk.editor"), norfolk, contribution, note="changed")
    contribution.refresh_from_db()
    assert contribution.note == "changed"


def test_a_new_version_copies_every_row_as_a_draft():
    leics = plan("leicestershire-2018-19")
    copy = create_new_version(user("leicestershire.approver"), leics)
    assert (copy.version, copy.status, copy.based_on, copy.scenario) == (3, "draft", leics, "")
    assert copy.approved_on is None and copy.submitted_on is None
    before, after = dump_plan(leics), dump_plan(copy)
    for section in before:
        if section not in ("plan", "signoffs"):
            assert before[section] == after[section], section
    assert after["signoffs"] == []
    assert sum(c.amount for c in copy.contributions.all()) == Decimal("55993000")
    assert copy.finance_lines.get().budget == Decimal("55993000")


def test_new_version_number_skips_versions_already_taken():
    """Norfolk 2017-19 has versions 1 and (say, imported) 3: a copy of version 1 is version 4."""
    original = plan("norfolk-2017-19")
    Plan.objects.create(area=original.area, period=original.period, version=3, title="An imported version")
    copy = create_new_version(user("norfolk.editor"), original)
    assert copy.version == 4


def test_editing_the_new_version_leaves_the_frozen_one_unchanged_and_the_diff_shows_it():
    leics = plan("leicestershire-2018-19")
    approver = user("leicestershire.approver")
    copy = create_new_version(approver, leics)
    row = copy.contributions.get(stream__code="dfg")
    editing.save_row(approver, copy, row, amount=Decimal("3700000"))
    editing.save_scheme(
        approver,
        copy,
        Scheme(ref="HF", name="Home First"),
        [
            {
                "kind": "spend",
                "financial_year": "2018-19",
                "recurrent": Decimal("250000"),
                "non_recurrent": None,
                "funding_stream": None,
            },
        ],
        [],
    )
    assert leics.contributions.get(stream__code="dfg").amount == Decimal("3632000")
    diff = compare(leics, copy)
    assert not diff["identical"]
    sections = {s["name"]: s for s in diff["sections"]}
    [changed] = sections["contributions"]["changed"]
    assert changed["fields"] == [{"field": "Amount", "old": "£3,632,000", "new": "£3,700,000"}]
    [added] = sections["schemes"]["added"]
    assert added.startswith("HF")  # the scheme's reference, then its other columns in words
    [money] = diff["money"]
    assert (money["income_old"], money["income_new"]) == (Decimal("55993000"), Decimal("56061000"))
    assert (money["spend_old"], money["spend_new"]) == (Decimal(0), Decimal("250000"))
    assert {c["field"] for c in diff["plan"]} >= {"Status"}


def test_identical_versions_compare_equal():
    leics = plan("leicestershire-2018-19")
    copy = create_new_version(user("leicestershire.approver"), leics)
    diff = compare(copy, create_new_version(user("leicestershire.approver"), copy))
    assert diff["identical"]


def test_submission_is_refused_while_a_check_finds_an_error_and_allowed_once_clean():
    norfolk = plan("norfolk-2014-16")
    editor = user("norfolk.editor")
    with pytest.raises(SubmissionRefused) as refused:
        submit_plan(editor, norfolk)
    assert refused.value.report.errors
    norfolk.refresh_from_db()
    assert norfolk.status == "draft"


def test_a_clean_draft_is_submitted_then_approved_and_frozen():
    leics = plan("leicestershire-2018-19")
    approver = user("leicestershire.approver")
    copy = create_new_version(approver, leics)
    for condition in copy.period.national_conditions.all():
        ConditionConfirmation.objects.create(plan=copy, condition=condition, quarter="", confirmed=True)
    report = submit_plan(approver, copy)
    assert report.errors == []
    copy.refresh_from_db()
    assert copy.status == "submitted" and copy.is_frozen and copy.submitted_on is not None
    approve_plan(approver, copy)
    copy.refresh_from_db()
    assert copy.status == "approved"
    with pytest.raises(editing.PlanFrozen):
        editing.save_row(approver, copy, copy.contributions.first(), amount=Decimal(0))


def test_an_editor_who_is_not_an_approver_cannot_approve():
    norfolk = plan("norfolk-2014-16")
    Plan.objects.filter(pk=norfolk.pk).update(status="submitted")
    norfolk.refresh_from_db()
    with pytest.raises(PermissionDenied):
        approve_plan(user("norfolk.editor"), norfolk)


def test_contribution_edits_keep_history():
    norfolk = plan("norfolk-2014-16")
    row = Contribution.objects.get(plan=norfolk, organisation__code="07J", financial_year="2015-16")
    editing.save_row(user("norfolk.editor"), norfolk, row, amount=Decimal("11444000"))
    amounts = [h.amount for h in row.history.order_by("history_date")]
    assert amounts[-2:] == [Decimal("11443000.00"), Decimal("11444000.00")]


def test_cli_diff_lists_changes_between_two_versions():
    import json

    from typer.testing import CliRunner

    from bettercare.cli import app

    leics = plan("leicestershire-2018-19")
    approver = user("leicestershire.approver")
    copy = create_new_version(approver, leics)
    editing.save_row(approver, copy, copy.contributions.get(stream__code="dfg"), amount=Decimal("3700000"))
    result = CliRunner().invoke(app, ["plan", "diff", str(leics.pk), str(copy.pk), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["identical"] is False
    [contributions] = [s for s in data["sections"] if s["name"] == "contributions"]
    assert contributions["changed"][0]["fields"] == [{"field": "Amount", "old": "£3,632,000", "new": "£3,700,000"}]
    other = plan("nel-2017-19")
    assert CliRunner().invoke(app, ["plan", "diff", str(leics.pk), str(other.pk)]).exit_code == 2
