"""The replica scorer passes only an exact record: a wrong field, a lost cell or a missing check each fail."""

import copy

import pytest

from govreports.parse.urls import report_id
from govreports.replicas import replica_sites
from govreports.replicas.scoring import CHECK_RULES, score


@pytest.fixture(scope="module")
def truth() -> dict:
    """One generated report with real tables, as its replica's ground truth has it."""
    return next(t for t in replica_sites()["gaoping"].ground_truth() if t["format"] == "2021" and t["statistics"])


def _record_matching(truth: dict) -> dict:
    failing = set(truth["failing_checks"])
    return {
        **copy.deepcopy(truth),
        "report_id": report_id(truth["url"]),
        "checks": [{"rule": rule, "ok": rule not in failing, "detail": ""} for rule in CHECK_RULES],
    }


def test_a_record_equal_to_the_truth_is_exact(truth):
    result = score([_record_matching(truth)], [truth])
    assert result.exact and result.cells_correct == result.cells_expected > 100


def test_a_wrong_field_is_not_exact(truth):
    record = {**_record_matching(truth), "issuer": "别的县人民政府"}
    result = score([record], [truth])
    assert not result.exact and [m[1] for m in result.mismatches] == ["issuer"]


def test_a_record_without_checks_is_not_exact(truth):
    record = {**_record_matching(truth), "checks": []}
    result = score([record], [truth])
    assert not result.exact
    assert sorted(rule for _, rule, ok in result.check_errors if ok == "missing") == sorted(CHECK_RULES)


def test_a_missing_cell_is_not_exact(truth):
    record = _record_matching(truth)
    del record["statistics"]["applications"]["new"]["natural_person"]
    result = score([record], [truth])
    assert not result.exact and result.cell_errors[0][1] == "applications.new.natural_person"


def test_a_rule_that_should_fail_but_holds_is_not_exact(truth):
    record = _record_matching(truth)
    record["checks"] = [{"rule": rule, "ok": True, "detail": ""} for rule in CHECK_RULES]
    result = score([record], [{**truth, "failing_checks": ["applications_balance"]}])
    assert not result.exact and result.check_errors == [(truth["url"], "applications_balance", True)]
