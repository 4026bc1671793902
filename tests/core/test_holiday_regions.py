"""Whose public holidays a person observes: the setting, checked, stored and named."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cadence.errors import ValidationError
from cadence.holiday_regions import (
    check_holidays_setting,
    holiday_region,
    region_choices,
    setting_label,
)
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.stakeholders import StakeholderChanges, apply_changes, create_stakeholder


@pytest.mark.parametrize(("typed", "stored"), [
    ("DE", "DE"),
    ("de-by", "DE-BY"),
    (" us-CA ", "US-CA"),
    ("gb-sct", "GB-SCT"),
    ("CH-ZH", "CH-ZH"),
    ("NONE", "none"),
    ("zone", None),
])
def test_a_setting_is_read_in_any_case_and_stored_in_the_packages_spelling(
    typed: str, stored: str | None,
) -> None:
    assert check_holidays_setting(typed) == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("XX", 'public holidays: no country "XX"'),
    ("Bavaria", 'public holidays: no country "BAVARIA"'),
    ("de-zz", 'public holidays: Germany has no region "ZZ" (one of BB, BE, BW, BY, '),
    ("US-XY", 'public holidays: United States has no region "XY" (one of AK, AL, '),
    ("", "public holidays: give a country code such as DE"),
])
def test_a_setting_of_no_country_or_region_is_refused_naming_the_field(
    typed: str, message: str,
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_holidays_setting(typed)
    assert str(refused.value).startswith(message)
    assert refused.value.field == "public holidays"


def test_without_a_setting_the_zone_gives_the_country() -> None:
    assert holiday_region(None, "Europe/Berlin") == "DE"
    assert holiday_region(None, "UTC") is None
    assert holiday_region("DE-BY", "America/New_York") == "DE-BY"
    assert holiday_region("none", "Europe/Berlin") is None


def test_settings_are_named_as_people_read_them() -> None:
    assert setting_label(None, "Europe/Berlin") == "from time zone (Germany)"
    assert setting_label(None, "UTC") == "from time zone (none)"
    assert setting_label("none", "Europe/Berlin") == "none"
    assert setting_label("DE-BY", "Europe/Berlin") == "Bayern, Germany (DE-BY)"
    assert setting_label("GB-SCT", "Europe/London") == "Scotland, United Kingdom (GB-SCT)"


def test_each_country_is_offered_with_its_regions_under_it() -> None:
    choices = region_choices()
    codes = [c.code for c in choices]
    germany = codes.index("DE")
    assert not choices[germany].is_region
    ghana = codes.index("GH")  # the country after Germany
    assert {"DE-BY", "DE-BE", "DE-SN"} <= set(codes[germany + 1:ghana])
    assert all(c.is_region for c in choices[germany + 1:ghana])
    assert "Bosnia and Herzegovina (BA)" in [c.label for c in choices]


def test_a_stakeholders_setting_is_stored_checked_and_undone_to_the_zone(
    session: Session,
) -> None:
    person = create_stakeholder(session, StakeholderChanges(
        name="Ingrid", account="Northwind", timezone="Europe/Berlin", public_holidays="de-by"))
    assert person.public_holidays == "DE-BY"

    with pytest.raises(ValidationError, match=r'^public holidays: no country "XX"'):
        apply_changes(session, person, StakeholderChanges(importance=5, public_holidays="xx"))
    assert (person.public_holidays, person.importance) == ("DE-BY", 3)

    apply_changes(session, person, StakeholderChanges(public_holidays="zone"))
    assert person.public_holidays is None


def test_the_managers_setting_is_stored_checked_and_undone_to_the_zone(
    session: Session,
) -> None:
    settings = load_settings(session)
    apply_settings(settings, SettingsChanges(public_holidays="ch-zh"))
    assert settings.public_holidays == "CH-ZH"

    with pytest.raises(ValidationError, match=r'^public holidays: Switzerland has no region'):
        apply_settings(settings, SettingsChanges(name="Mia", public_holidays="CH-XX"))
    assert (settings.public_holidays, settings.name) == ("CH-ZH", "")

    apply_settings(settings, SettingsChanges(public_holidays="zone"))
    assert settings.public_holidays is None
