"""The API's behaviour: NEL's viewer reads NEL's results (the same rows as the CLI), pages, ETags,
exports, the rate limit; an editor imports actuals with the CLI's report; a refused file answers
located problem details; the OpenAPI document is valid OpenAPI 3."""

import csv
import io
import json

import jsonschema
import pyarrow.parquet as pq
import pytest
from django.db import transaction
from django.test import override_settings
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.monitoring.models import MetricActual

from .conftest import AREAS, LEICESTERSHIRE, NEL, NORFOLK, bearer

pytestmark = pytest.mark.django_db


def cli_json(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_nel_viewer_reads_nel_results_as_the_cli_shows_them(client):
    response = client.get(f"/api/v1/areas/{NEL}/results", {"period": "2017-19", "limit": 500}, **bearer("nel.viewer"))
    assert response.status_code == 200
    items = response.json()["items"]
    shown = cli_json("metrics", "show", "--area", NEL, "--period", "2017-19", "--json")
    assert len(items) == len(shown) > 0
    extra = {"area_code", "area_name", "spc_variation", "spc_assurance", "spc_point", "spc_warnings"}
    assert [{k: v for k, v in item.items() if k not in extra} for item in items] == shown
    assert {item["area_code"] for item in items} == {NEL}
    assert all(item["rag_rule"] and item["comparison"] for item in items)


def test_nel_viewer_is_refused_every_other_hwb_and_every_write(client):
    header = bearer("nel.viewer")
    for code in (NORFOLK, LEICESTERSHIRE):
        for path in (f"/areas/{code}", f"/areas/{code}/plans", f"/areas/{code}/returns",
                     f"/areas/{code}/results?period=2018-19", f"/areas/{code}/results.csv?period=2018-19",
                     f"/areas/{code}/results.parquet?period=2018-19"):
            response = client.get("/api/v1" + path, **header)
            assert response.status_code in (403, 404), path
            assert response["Content-Type"] == "application/problem+json"
    for code in AREAS:
        upload = io.BytesIO(b"area,metric,period,numerator\nNorth East Lincolnshire,nea,2018-08,1\n")
        upload.name = "actuals.csv"
        response = client.post(f"/api/v1/areas/{code}/actuals", {"file": upload}, **header)
        assert response.status_code == 403, code
    assert not MetricActual.objects.filter(period="2018-08", numerator=1).exists()
    everything = client.get("/api/v1/results", {"period": "2018-19", "limit": 500}, **header).json()
    assert {row["area_code"] for row in everything["items"]} <= {NEL}


def write(rows: list[list[str]], header=("area", "metric", "period", "numerator", "denominator", "source")) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_an_editor_posts_actuals_and_gets_the_cli_report(client, tmp_path):
    content = write([["Norfolk", "nea", "2018-08", "7400", "", "SUS August"],
                     ["E10000020", "nea", "2018-09", "7300", "", "SUS September"]])
    path = tmp_path / "norfolk-actuals.csv"
    path.write_bytes(content)
    with transaction.atomic():  # what the CLI says about this file, then undone
        printed = CliRunner().invoke(app, ["metrics", "import", str(path)]).output
        transaction.set_rollback(True)
    assert not MetricActual.objects.filter(area__gss_code=NORFOLK, period="2018-08").exists()
    upload = io.BytesIO(content)
    upload.name = path.name
    response = client.post(f"/api/v1/areas/{NORFOLK}/actuals", {"file": upload}, **bearer("norfolk.editor"))
    assert response.status_code == 200, response.content
    report = response.json()
    assert report == {"file": "norfolk-actuals.csv", "layout": "actuals", "rows": 2, "created": 2, "updated": 0,
                      "unchanged": 0, "flagged": []}
    assert (f"{report['file']} ({report['layout']}): {report['rows']} rows — {report['created']} new, "
            f"{report['updated']} changed") in printed
    saved = MetricActual.objects.get(area__gss_code=NORFOLK, period="2018-08", metric__code="nea")
    assert saved.numerator == 7400 and saved.history.first().history_user.username == "norfolk.editor"


def test_a_refused_file_answers_located_problem_details_and_writes_nothing(client, tmp_path):
    content = write([["Norfolk", "nea", "2018-08", "7400", "", ""],
                     ["Norfolk", "no-such-metric", "2018-08", "1", "", ""],
                     ["Norfolk", "nea", "August", "1", "", ""]])
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    printed = CliRunner().invoke(app, ["metrics", "import", str(path)]).output
    upload = io.BytesIO(content)
    upload.name = "bad.csv"
    response = client.post(f"/api/v1/areas/{NORFOLK}/actuals", {"file": upload}, **bearer("norfolk.editor"))
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("#problem-import-refused") and problem["status"] == 422
    located = [(e["file"], e["row"], e["column"]) for e in problem["errors"]]
    assert located == [("bad.csv", 3, "metric"), ("bad.csv", 4, "period")]
    for error in problem["errors"]:
        assert f"{error['file']}, row {error['row']}, column {error['column']}" in " ".join(printed.split())
    assert not MetricActual.objects.filter(area__gss_code=NORFOLK, period="2018-08").exists()


def test_a_row_of_another_hwb_refuses_the_whole_upload(client):
    upload = io.BytesIO(write([["Norfolk", "nea", "2018-08", "7400", "", ""],
                               ["Leicestershire", "nea", "2018-08", "1", "", ""]]))
    upload.name = "mixed.csv"
    response = client.post(f"/api/v1/areas/{NORFOLK}/actuals", {"file": upload}, **bearer("norfolk.editor"))
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(3, "area")]
    assert not MetricActual.objects.filter(period="2018-08", numerator__in=[7400, 1]).exists()


def test_pages_are_stable_and_cover_every_row_once(client):
    header = bearer("national")
    whole = client.get("/api/v1/results", {"period": "2018-19", "limit": 500}, **header).json()
    assert whole["count"] == len(whole["items"]) > 10
    pieces, url = [], "/api/v1/results?period=2018-19&limit=7"
    while url:
        page = client.get(url, **header).json()
        pieces.extend(page["items"])
        url = page["next"]
    assert pieces == whole["items"]
    assert [r["area_code"] for r in pieces] == sorted(r["area_code"] for r in pieces)


def test_results_carry_an_etag_and_answer_304_when_unchanged(client):
    header = bearer("national")
    url = f"/api/v1/areas/{LEICESTERSHIRE}/results?period=2018-19"
    first = client.get(url, **header)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag, **header)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"', **header).status_code == 200
    upload = io.BytesIO(write([["Leicestershire", "nea", "2018-08", "5999", "", "SUS"]]))
    upload.name = "change.csv"
    assert client.post(f"/api/v1/areas/{LEICESTERSHIRE}/actuals", {"file": upload},
                       **bearer("leicestershire.approver")).status_code == 200
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag, **header)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_csv_and_parquet_hold_the_json_rows_with_source_as_at_and_method(client):
    header = bearer("national")
    rows = client.get(f"/api/v1/areas/{LEICESTERSHIRE}/results", {"period": "2018-19", "limit": 500}, **header).json()
    as_csv = client.get(f"/api/v1/areas/{LEICESTERSHIRE}/results.csv", {"period": "2018-19"}, **header)
    assert as_csv["Content-Disposition"] == f'attachment; filename="bettercare-results-{LEICESTERSHIRE}-2018-19.csv"'
    table = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    as_parquet = client.get(f"/api/v1/areas/{LEICESTERSHIRE}/results.parquet", {"period": "2018-19"}, **header)
    frame = pq.read_table(io.BytesIO(as_parquet.content)).to_pylist()
    assert len(table) == len(frame) == rows["count"]
    for name in ("source", "as_at", "method"):
        assert name in table[0] and name in frame[0]
    for item, line, record in zip(rows["items"], table, frame, strict=True):
        assert (line["metric"], line["period"], line["source"]) == (item["metric"], item["period"], item["source"])
        assert record["value"] == item["value"] and line["rag"] == record["rag"] == item["rag"]
        assert (record["as_at"].isoformat() if record["as_at"] else None) == item["as_at"]
    assert any(item["method"] for item in rows["items"]) and any(item["source"] for item in rows["items"])


@override_settings(BETTERCARE_API_RATE_LIMIT=3)
def test_a_token_over_the_rate_limit_is_told_when_to_retry(client):
    header = bearer("nel.viewer")
    statuses = [client.get(f"/api/v1/areas/{NEL}", **header).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    if statuses[3] == 200:  # the clock minute turned between calls: the count restarted
        statuses.append(client.get(f"/api/v1/areas/{NEL}", **header).status_code)
    last = client.get(f"/api/v1/areas/{NEL}", **header)
    assert last.status_code == 429 and 1 <= int(last["Retry-After"]) <= 60
    assert last.json()["type"].endswith("#problem-rate-limited")
    assert client.get(f"/api/v1/areas/{NEL}", **bearer("nel.viewer")).status_code == 200  # per token


def test_the_openapi_document_is_valid_openapi_3(client):
    from schemathesis.specs.openapi.definitions import OPENAPI_31

    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    jsonschema.validators.validator_for(OPENAPI_31)(OPENAPI_31).validate(document)
    results = document["paths"]["/api/v1/areas/{gss_code}/results"]["get"]["responses"]
    assert "application/problem+json" in results["403"]["content"] and "content" not in results["304"]
    assert document["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_the_docs_and_guide_pages_list_every_call(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="nel.viewer"))
    docs = client.get("/api/v1/docs/").content.decode()
    for path in ("/api/v1/areas/{gss_code}/results", "/api/v1/results.parquet", "/api/v1/areas/{gss_code}/actuals"):
        assert path in docs
    guide = client.get("/api/v1/guide/").content.decode()
    assert f"areas/{NEL}/results.parquet" in guide and "Parquet.Document" in guide
