"""Policy inputs mean what they say (issue 22 item 8): a limit that cannot act on a fixed
fleet, and a minimum above its maximum, are refused by ``validate`` (exit code 2) naming the
key, the year and both numbers."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("extendable", ["false", "true"])
def test_capacity_max_below_the_existing_fleet(tiny, cli, extendable):
    # 150 MW of coal exist and cannot retire; before, a non-extendable fleet ignored the
    # limit and an extendable one ended in an infeasible solve
    outcome = cli(
        "validate", tiny,
        "--set", f"power.techs.coal.extendable={extendable}",
        "--set", "power.techs.coal.capacity_max=100",
    )  # fmt: skip
    assert outcome.code == 2, outcome.err
    message = outcome.message
    assert "power.techs.coal.capacity_max: 100 MW in 2030 is below the 150 MW" in message
    assert "existing capacity" in message and "Traceback" not in outcome.err


def test_capacity_max_at_the_existing_fleet_is_fine(tiny, cli):
    outcome = cli("validate", tiny, "--set", "power.techs.coal.capacity_max=150")
    assert outcome.code == 0, outcome.err


def test_min_full_load_hours_above_max(child, cli):
    path = child(
        """
        power:
          techs:
            hydro: {class: hydro, existing_capacity: 10, extendable: false,
                    min_full_load_hours: 5000, max_full_load_hours: 3000}
        """
    )
    outcome = cli("validate", path)
    assert outcome.code == 2, outcome.err
    assert (
        "power.techs.hydro.min_full_load_hours: 5,000 h in 2030 is above max_full_load_hours "
        "3,000 h" in outcome.message
    )
    assert "InvalidConstraintError" not in outcome.err
