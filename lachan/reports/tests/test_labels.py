"""What a user sees of the other domains' breakdowns: Vietnamese labels from the models'
choices, never a raw code (the partner export keeps its CTDC codes: its own tests)."""

from __future__ import annotations

import datetime as dt

from lachan.cases.selectors import CaseNumbers
from lachan.prevention.selectors import PreventionNumbers
from lachan.reports.sources.domains import flatten
from lachan.victims.selectors import VictimNumbers


def rows(result: object) -> dict[str, dict[str, int]]:
    _figures, breakdowns, _rows = flatten(result)
    return {b.key: dict(b.rows) for b in breakdowns}


def test_victim_breakdowns_are_labelled() -> None:
    numbers = VictimNumbers(
        received=5,
        received_by_channel={"rescued": 3, "handed_over": 0},
        identified_as_victims=2,
        children=1,
        by_sex={"female": 4, "unknown": 1},
        by_age_band={"0-8": 1, "18-20": 4},
        by_country_of_exploitation={"CN": 5},
        by_exploitation_type={"sexual": 2, "other": 3},
        support_by_measure={},
        supported=0,
        reintegration_outcomes={"employed": 1},
    )
    found = rows(numbers)
    assert found["by_sex"] == {"Nữ": 4, "Không rõ": 1}
    assert found["received_by_channel"]["Được giải cứu trong nước"] == 3
    assert found["by_exploitation_type"]["Bóc lột tình dục"] == 2
    assert found["by_country_of_exploitation"] == {"Trung Quốc": 5}
    assert found["reintegration_outcomes"] == {"Có việc làm": 1}
    assert found["by_age_band"] == {"0-8": 1, "18-20": 4}  # the CTDC bands are the labels


def test_case_and_prevention_breakdowns_are_labelled() -> None:
    cases = CaseNumbers(
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        prosecuted=3,
        solved=1,
        solved_rate=None,
        suspects=0,
        arrested=0,
        by_offence={"art150": 3},
        by_status={"solved": 1, "investigating": 2},
        rescued_persons=0,
        handed_over_persons=0,
        cooperation_activities=0,
    )
    found = rows(cases)
    assert found["by_offence"] == {"Điều 150: Tội mua bán người": 3}
    assert found["by_status"]["Đã khám phá"] == 1
    prevention = PreventionNumbers(
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        activities=2,
        activities_by_kind={"awareness": 2},
        sessions=2,
        sessions_by_kind={"awareness": 2},
        attendees=150,
        attendees_by_kind={"awareness": 150},
        budget_vnd=0,
        by_target_group={"women": {"activities": 2, "attendees": 150}},
        by_format={"direct": {"activities": 2, "sessions": 2, "attendees": 150}},
        models_active=0,
        models_people_reached=0,
        models_households_reached=0,
    )
    found = rows(prevention)
    assert found["activities_by_kind"] == {"Buổi tuyên truyền": 2}
    # A breakdown of activities counts activities, not activities + attendees.
    assert found["by_target_group"] == {"Phụ nữ": 2}
    assert list(found["by_format"].values()) == [2]


def test_published_numbers_are_written_the_vietnamese_way_in_any_language() -> None:
    from django.utils import translation

    from lachan.reports.public.views import _cell

    with translation.override("en"):
        assert _cell(54131).text == "54.131"
        assert _cell(1024).text == "1.024"
    assert _cell(None).text == "*"
