"""Name order: given then family, except in Chinese, Japanese and Korean."""

from __future__ import annotations

import pytest

from cadence.contacts.names import full_name, split_name
from cadence.contacts.records import ContactRecord
from cadence.contacts.vcard import write_vcards


@pytest.mark.parametrize(
    ("given", "family", "written"),
    [("Zoë", "Ångström", "Zoë Ångström"), ("太郎", "山田", "山田 太郎"),
     ("민준", "김", "김 민준"), ("Łukasz", "", "Łukasz"), ("", "Żółć", "Żółć")],
)
def test_full_name_and_back(given: str, family: str, written: str) -> None:
    assert full_name(given, family) == written
    if given and family:
        assert split_name(written) == (given, family)


def test_a_vcard_n_puts_the_japanese_family_name_in_the_family_field() -> None:
    text = write_vcards([ContactRecord(name="山田 太郎", organisation="Sakura Robotics")], "3.0")
    assert "N:山田;太郎;;;" in text
    text = write_vcards([ContactRecord(name="Zoë Ångström")], "3.0")
    assert "N:Ångström;Zoë;;;" in text
