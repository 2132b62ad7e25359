"""List-valued finance settings: a string is one item (or a comma-separated list), never its
characters; any other type is an InputError that names the setting."""

from __future__ import annotations

from typing import Any

import pytest

from offensief.finance.settings import CashThreshold, Settings
from offensief.model.errors import InputError


def test_a_string_is_one_item_not_its_characters() -> None:
    settings = Settings.from_dict({"typologies": "structuring", "real_estate_notary_sectors": "6910",
                                   "real_estate_keywords": "real estate"})
    assert settings.typologies == ("structuring",)
    assert settings.real_estate_notary_sectors == ("6910",)
    assert settings.real_estate_keywords == ("real estate",)


def test_a_comma_separated_string_is_a_list() -> None:
    settings = Settings.from_dict({"typologies": "structuring, funnel", "trade_high_risk": "KP,IR,"})
    assert settings.typologies == ("structuring", "funnel") and settings.trade_high_risk == ("KP", "IR")


def test_lists_stay_lists_and_codes_may_be_numbers() -> None:
    settings = Settings.from_dict({"typologies": ["fan_in", "cycle"], "real_estate_lender_sectors": [6419, "6492"]})
    assert settings.typologies == ("fan_in", "cycle") and settings.real_estate_lender_sectors == ("6419", "6492")


def test_one_threshold_or_a_comma_separated_string_of_amounts() -> None:
    assert Settings.from_dict({"structuring_thresholds": 10000}).structuring_thresholds == (CashThreshold(10000.0),)
    assert Settings.from_dict({"structuring_thresholds": {"amount": 3000, "valid_from": "2026-01-01"}}
                              ).structuring_thresholds == (CashThreshold(3000.0, "2026-01-01"),)
    assert Settings.from_dict({"structuring_thresholds": "10000, 3000"}).structuring_thresholds == (
        CashThreshold(10000.0), CashThreshold(3000.0))


@pytest.mark.parametrize(("key", "value"), [
    ("typologies", 5), ("typologies", {"structuring": True}), ("typologies", None), ("typologies", True),
    ("real_estate_keywords", [["nested"]]), ("trade_high_risk", [None]), ("real_estate_lender_words", [True]),
    ("structuring_thresholds", "ten thousand"), ("structuring_thresholds", [{"amount": 1, "bogus": 2}]),
    ("structuring_thresholds", None), ("structuring_thresholds", [[10000]]),
])
def test_other_types_are_an_input_error_naming_the_setting(key: str, value: Any) -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_dict({key: value})
    assert caught.value.details["field"] == key and key in str(caught.value)
