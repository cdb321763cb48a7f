"""HICM, actions and risks from the seed scenarios, checked against the seed documents' own numbers
(seed 003: NEL action tables and risk log; seed 000: Norfolk's HICM review)."""

from datetime import date

import pytest
import yaml

from bettercare.catalogue import load_hicm
from bettercare.catalogue.loader import CatalogueError
from bettercare.delivery import actions as action_service
from bettercare.delivery import hicm as hicm_service
from bettercare.delivery import risks as risk_service
from bettercare.delivery.models import Action, HicmAssessment
from bettercare.delivery.rules import RULES_FILE, load_rules, rating_for
from bettercare.indicators.periods import Quarter, period_end, quarters_of
from bettercare.reference.models import HicmModel

pytestmark = pytest.mark.django_db


def test_nel_has_33_actions_across_hicm_changes_4_to_8(plan_of):
    plan = plan_of("nel-2017-19")
    actions = list(plan.actions.select_related("change"))
    assert len(actions) == 33
    per_change = {}
    for action in actions:
        per_change[action.change.number] = per_change.get(action.change.number, 0) + 1
    assert per_change == {4: 14, 5: 6, 6: 7, 7: 4, 8: 2}
    c4_9 = plan.actions.get(ref="C4-9")
    assert (c4_9.deadline_text, c4_9.deadline_start, c4_9.deadline_end) == (
        "Oct 2017 – Dec 2017", date(2017, 10, 1), date(2017, 12, 31))


def test_nel_risk_log_scores_and_ratings(plan_of):
    plan = plan_of("nel-2017-19")
    risks = {risk.ref: risk for risk in plan.risks.all()}
    assert len(risks) == 10
    scored = [risks[ref].score for ref in ("R1a", "R1b", "R2a", "R2b", "R3")]
    assert scored == [12, 9, 12, 6, 15]  # seed 003 risk log, "Overall risk factor"
    assert all(risks[ref].score == risks[ref].stated_score for ref in ("R1a", "R1b", "R2a", "R2b", "R3"))
    assert [rating_for(score).id for score in scored] == ["medium", "medium", "medium", "medium", "high"]
    assert sum(1 for risk in risks.values() if risk.score is None) == 5


def test_top_risks_for_the_board_paper_are_ordered_by_score(plan_of):
    top = risk_service.top_risks(plan_of("nel-2017-19"), 3)
    assert [(risk.ref, risk.score) for risk in top] == [("R3", 15), ("R1a", 12), ("R2a", 12)]


def test_heat_map_places_each_scored_risk_once(plan_of):
    risks = list(plan_of("nel-2017-19").risks.all())
    heat = risk_service.heat_map(risks)
    cells = {(c.likelihood, c.impact): [r.ref for r in c.risks] for _, row in heat["rows"] for c in row}
    assert cells[(3, 4)] == ["R1a", "R2a"]
    assert cells[(3, 5)] == ["R3"]
    assert sum(len(refs) for refs in cells.values()) == 5
    assert len(heat["unscored"]) == 5
    assert [impact for impact, _ in heat["rows"]] == [5, 4, 3, 2, 1]


def test_rating_bands_come_from_data_and_must_cover_every_score(tmp_path):
    bands = [band.id for band in load_rules()["risk_rating_bands"]]
    assert bands == ["low", "medium", "high"]
    assert rating_for(4).id == "low" and rating_for(5).id == "medium" and rating_for(16).id == "high"
    broken = tmp_path / "delivery.yaml"
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    data["risk_rating_bands"] = [{"id": "low", "title": "Low", "min": 1, "max": 4},
                                 {"id": "high", "title": "High", "min": 6, "max": 25}]
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CatalogueError, match="score 5 must fall in exactly one band"):
        load_rules.__wrapped__(broken)


def test_norfolk_hicm_review_has_all_eight_changes_rated_in_q4(plan_of):
    plan = plan_of("norfolk-2017-19")
    grid = hicm_service.assessments_by_quarter(plan)
    assert list(grid) == [Quarter(2017, 4)]  # keyed by the typed quarter the field returns
    assert sorted(grid[Quarter(2017, 4)]) == list(range(1, 9))
    assert "Rated green or amber" in grid[Quarter(2017, 4)][4].narrative
    summary = hicm_service.summary(hicm_service.model_for(plan), list(grid[Quarter(2017, 4)].values()))
    assert (summary.at_or_better, summary.rated, summary.of) == (0, 0, 8)


def test_summary_counts_changes_at_established_or_better(plan_of, demo_user):
    plan = plan_of("leicestershire-2018-19")
    model = hicm_service.model_for(plan)
    changes = {c.number: c for c in model.changes.all()}
    levels = ["exemplary", "mature", "established", "plans_in_place", "not_yet_established", "", "", ""]
    rows = [{"change": changes[n], "version": 0, "maturity": level, "planned_maturity": "", "narrative": ""}
            for n, level in zip(range(1, 9), levels, strict=True)]
    hicm_service.save_quarter(demo_user("leicestershire.approver"), plan, "2018-19-Q1", rows)
    saved = list(HicmAssessment.objects.filter(plan=plan, quarter="2018-19-Q1"))
    assert len(saved) == 5  # rows nobody filled in are not created
    summary = hicm_service.summary(model, saved)
    assert summary.text == "3 of 8 changes at Established or better (3 not rated)"


def test_later_hicm_versions_load_from_data():
    assert len(load_hicm("2015-2020")["changes"]) == 8
    assert len(load_hicm("2020")["changes"]) == 9
    assert HicmModel.objects.get(code="2020").changes.count() == 9


def test_overdue_means_not_complete_and_past_the_deadline_window(plan_of):
    plan = plan_of("nel-2017-19")
    rows = {row.action.ref: row for row in action_service.action_rows(plan.actions.all(), date(2017, 9, 15))}
    assert rows["C4-1"].complete and not rows["C4-1"].overdue  # "Complete", July 2017
    assert rows["C4-2"].overdue  # August 2017, no status
    assert not rows["C4-6"].overdue  # Sept 2017: window still open on 15 September
    assert not rows["C4-9"].overdue  # Oct - Dec 2017
    later = {row.action.ref: row for row in action_service.action_rows(plan.actions.all(), date(2017, 10, 1))}
    assert later["C4-6"].overdue


def test_a_deadline_moved_later_is_flagged_as_slipped(plan_of, demo_user, member):
    plan = plan_of("nel-2017-19")
    editor = member("nel.editor.slip", plan.area, "editor")
    action = Action.objects.get(plan=plan, ref="C7-4")
    assert not action_service.action_rows([action])[0].slipped
    action_service.update_action(editor, action, action.version, {
        "deadline_text": "June 2018", "deadline_start": date(2018, 6, 1), "deadline_end": date(2018, 6, 30)})
    row = action_service.action_rows([Action.objects.get(pk=action.pk)], date(2018, 5, 1))[0]
    assert row.slipped and not row.overdue
    assert (row.original_deadline_text, row.original_deadline_end) == ("March 2018", date(2018, 3, 31))
    assert [r.action.ref for r in action_service.filter_rows([row], flag="slipped")] == ["C7-4"]


def test_filters_by_change_status_and_flag(plan_of):
    rows = action_service.action_rows(plan_of("nel-2017-19").actions.select_related("change"), date(2018, 6, 1))
    assert len(action_service.filter_rows(rows, change="6")) == 7
    assert len(action_service.filter_rows(rows, status="Complete")) == 9
    assert len(action_service.filter_rows(rows, flag="overdue")) == 33 - 9
    assert len(action_service.filter_rows(rows, change="8", flag="open")) == 2


def test_quarters_are_april_to_march():
    q = Quarter.parse("2018-19-Q4")
    assert (q.start, q.end, str(q.financial_year), q.next().code) == (date(2019, 1, 1), date(2019, 3, 31), "2018-19",
                                                                  "2019-20-Q1")
    assert Quarter.parse("2018-19-Q1").label == "Q1 2018-19 (April to June 2018)"
    assert [x.code for x in quarters_of(["2017-18"])] == ["2017-18-Q1", "2017-18-Q2", "2017-18-Q3", "2017-18-Q4"]
    assert period_end("2018-19") == date(2019, 3, 31)
    assert period_end("2018-07") == date(2018, 7, 31)
    assert period_end("2012-04..2013-03") == date(2013, 3, 31)
    assert period_end("July") is None
