"""The strategic plan's demo data is complete and consistent (checked without
loading the demo)."""

from demo import plan as demo_plan


def test_all_68_indicators_are_there_with_56a_and_56b():
    numbers = [number for _outcome, number, _text in demo_plan.INDICATORS]
    expected = [str(n) for n in range(1, 69) if n != 56]
    assert sorted(set(numbers) - {"56a", "56b"}, key=int) == expected
    assert {"56a", "56b"} <= set(numbers)
    assert len(numbers) == len(set(numbers)) == 69  # 68 indicators, 56 in two parts


def test_indicators_sit_under_the_three_outcomes_as_in_the_seed():
    by_outcome = {}
    for outcome, number, _text in demo_plan.INDICATORS:
        by_outcome.setdefault(outcome, []).append(number)
    assert {n for n, _ in demo_plan.OUTCOMES} == set(by_outcome)
    assert (by_outcome[1][0], by_outcome[1][-1]) == ("1", "23")
    assert (by_outcome[2][0], by_outcome[2][-1]) == ("24", "31")
    assert (by_outcome[3][0], by_outcome[3][-1]) == ("32", "68")


def test_every_project_of_the_business_plan_is_there():
    references = [project[1] for project in demo_plan.PROJECTS]
    expected = (
        [f"1.{n}" for n in range(1, 8)]
        + [f"2.{n}" for n in range(1, 8)]
        + [f"3.{n}" for n in range(1, 5)]
        + [f"4.{n}" for n in range(1, 5)]
        + ["5.1", "5.2"]
        + [f"6.{n}" for n in range(1, 5)]
    )
    assert references == expected
    themes = {number for number, _title in demo_plan.THEMES}
    assert all(project[0] in themes for project in demo_plan.PROJECTS)


def test_every_project_has_activities_and_delays_give_a_reason():
    statuses = []
    for project in demo_plan.PROJECTS:
        activities = project[5]
        assert activities, project[1]
        for _text, _due, status, reason in activities:
            statuses.append(status)
            assert (status == demo_plan.D) == bool(reason), project[1]
    assert statuses.count(demo_plan.D) == 3  # 1.7, 4.3 and 6.2 are marked delayed
