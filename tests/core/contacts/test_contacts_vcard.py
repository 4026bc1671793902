"""Reading and writing vCard 3.0 and 4.0 files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cadence.contacts.records import ContactRecord
from cadence.contacts.vcard import read_vcard_file, read_vcards, write_vcards
from cadence.errors import FileFormatError


def test_apple_vcard_3_with_folding_groups_and_non_ascii_names(fixtures: Path) -> None:
    contacts = read_vcard_file(fixtures / "apple-3.0.vcf")
    assert contacts.errors == []
    zoe, lukasz, taro = contacts.records
    assert (zoe.name, zoe.organisation, zoe.title) == ("Zoë Ångström", "Nordlicht Energi AB", "CIO")
    assert zoe.email == "zoe.angstrom@nordlicht.se"  # the type=pref one, not the home address
    assert zoe.phone == "+46 8 555 0100"
    assert zoe.notes.endswith("grid-balancing pilots and the spring hackathon; dislikes golf.")
    assert zoe.categories == ("Key accounts", "Hackathon")
    assert zoe.timezone == "Etc/GMT-1"  # vCard 3.0's UTC offset, as the fixed-offset zone
    assert (lukasz.name, lukasz.organisation, lukasz.line) == ("Łukasz Żółć", "Wisła Logistics", 16)
    assert (taro.name, taro.title, taro.timezone) == ("山田 太郎", "部長", "Etc/GMT-9")
    assert taro.notes.startswith("年末は忙しい。")


def test_nextcloud_vcard_4_bad_card_reported_at_its_line(fixtures: Path) -> None:
    contacts = read_vcard_file(fixtures / "nextcloud-4.0.vcf")
    lukasz = contacts.records[0]
    assert lukasz.email == "lukasz.zolc@wisla-logistics.pl"  # PREF=1
    assert lukasz.phone == "+48-22-555-0110"  # tel: URI taken apart
    assert lukasz.timezone == "Europe/Warsaw"
    assert "before the budget round in October" in lukasz.notes  # folded line joined
    assert [r.name for r in contacts.records] == ["Łukasz Żółć", "Ingrid Østergård", "Marco Rossi"]
    assert [e.line for e in contacts.errors] == [24]
    assert "this line has no colon" in contacts.errors[0].message


def test_n_is_used_when_fn_is_missing() -> None:
    text = "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", "N:Lefèvre;Renée;;Dr.;",
                        "ORG:Café Crème SA", "END:VCARD", ""])
    assert read_vcards(text).records[0].name == "Dr. Renée Lefèvre"


def test_a_file_without_cards_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "notes.vcf"
    path.write_text("Shopping list\nmilk\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="no vCard found"):
        read_vcard_file(path)


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.vcf"
    path.write_bytes("BEGIN:VCARD\nVERSION:3.0\nFN:Zoë\nEND:VCARD\n".encode("latin-1"))
    with pytest.raises(FileFormatError, match=r"latin1.vcf:3: not UTF-8"):
        read_vcard_file(path)


RECORDS = [
    ContactRecord(
        name="Zoë Ångström", organisation="Nordlicht, Energi AB", title="CIO",
        email="zoe.angstrom@nordlicht.se", phone="+46 8 555 0100", timezone="Europe/Stockholm",
        notes="Prefers short calls; no golf.\nAsk about the grid pilot " + "x" * 80,
        categories=("key accounts", "hack,athon"),
    ),
    ContactRecord(name="山田 太郎", organisation="Sakura Robotics", email="t.yamada@sakura.jp"),
]


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_written_cards_read_back_the_same(version: str) -> None:
    text = write_vcards(RECORDS, version)
    assert f"VERSION:{version}" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded
    back = read_vcards(text).records
    assert [replace(r, line=0) for r in back] == RECORDS


def test_outlook_vcard_2_1_with_quoted_printable(fixtures: Path) -> None:
    (jose,) = read_vcard_file(fixtures / "outlook-2.1.vcf").records
    assert (jose.name, jose.organisation, jose.title) == ("José Müller", "Brauhaus Köln GmbH",
                                                           "CTO")
    assert jose.email == "jose.mueller@brauhaus-koeln.de"
    assert jose.phone == "+49 221 555 0123"
    assert jose.notes == "Met at the Düsseldorf fair.\nAsk about the brewery tour."
