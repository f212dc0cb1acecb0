"""Units over time: units per validity period, codes unique over time, and the lineage of 2025."""
import shutil
from datetime import date

import pytest

from cchc.config import DATA_DIR
from cchc.store import db
from cchc.store.units import predecessors, successors, units_valid_on
from etl.catalogs import lineage, units

DEPARTMENT_MERGERS = {("SKHDT", "STC"), ("SLDTBXH", "SNV"), ("SNNPTNT", "SNNMT"), ("STNMT", "SNNMT"),
                      ("SGTVT", "SXD"), ("STTTT", "SKHCN")}


@pytest.fixture(scope="module")
def unit_frame():
    return units.build_units(DATA_DIR).set_index("code")


@pytest.fixture(scope="module")
def lineage_frame():
    return lineage.build_lineage(DATA_DIR)


def test_units_per_validity_period_and_lineage_in_the_database(conn):
    expected = {date(2024, 12, 31): (13, 216), date(2025, 3, 1): (12, 209), date(2025, 6, 30): (12, 209),
                date(2025, 7, 1): (0, 69), date(2025, 8, 1): (0, 69)}
    for day, counts in expected.items():
        valid = units_valid_on(conn, day, ["district", "commune"])
        assert (sum(valid["kind"] == "district"), sum(valid["kind"] == "commune")) == counts, day
    now = units_valid_on(conn, date(2025, 8, 1), ["commune"])
    assert set(now["parent_code"]) == {"T42"} and now["subtype"].value_counts().to_dict() == {"xa": 60, "phuong": 9}
    departments = {day: set(units_valid_on(conn, day, ["department"])["code"])
                   for day in (date(2024, 12, 31), date(2025, 8, 1))}
    old, new = departments[date(2024, 12, 31)], departments[date(2025, 8, 1)]
    assert {"SKHDT", "STNMT", "SNNPTNT"} <= old and "SNNMT" not in old
    assert "SNNMT" in new and not {"SKHDT", "STNMT", "SGTVT"} & new
    kinds = dict(db.query_rows(conn, "SELECT kind, count(*) FROM unit_lineage GROUP BY kind"))
    assert kinds == {"merged_into": 218, "split_between": 5, "renamed": 2, "dissolved_into": 2}
    assert db.query_rows(conn, "SELECT row_count FROM catalog_versions WHERE name = 'unit_lineage'") == [(227,)]
    before = predecessors(conn, "X2025-18073")
    assert set(before["old_code"]) == {"X18073", "X18077", "X18079", "X18082", "X18085", "X18091", "X18094",
                                       "X18097", "X18109"}
    assert before.set_index("old_code").loc["X18073", "old_name"] == "Phường Nam Hà"
    after = successors(conn, "X18472")
    assert len(after) == 1 and after["new_code"].isna().all() and "could not identify" in after["note"].iloc[0]


def test_thanh_sen_reuses_nam_ha_statistics_code_under_its_own_code(unit_frame, lineage_frame):
    nam_ha, thanh_sen = unit_frame.loc["X18073"], unit_frame.loc["X2025-18073"]
    assert (nam_ha["name"], nam_ha["gso_code"]) == ("Phường Nam Hà", "18073")
    assert nam_ha["valid_to"] == date(2025, 7, 1)
    assert (thanh_sen["name"], thanh_sen["gso_code"], thanh_sen["subtype"]) == ("Phường Thành Sen", "18073", "phuong")
    assert (thanh_sen["valid_from"], thanh_sen["valid_to"], thanh_sen["level"]) == (date(2025, 7, 1), None, "commune")
    # 2023 communes merged on 1/1/2025 reach Thành Sen through the commune that absorbed them
    assert lineage.final_destinations(lineage_frame, "X18070") == {"X2025-18073"}
    first = lineage_frame[lineage_frame["old_code"] == "X18070"].iloc[0]
    assert (first["new_code"], first["effective_date"], first["verified"]) == ("X18094", date(2025, 1, 1), False)
    assert unit_frame.loc["X18070", "valid_to"] == date(2025, 1, 1)
    assert unit_frame.index.is_unique and set(unit_frame["parent_code"].dropna()) <= set(unit_frame.index)


def test_a_split_commune_is_recorded_as_a_split(lineage_frame):
    for old, destinations in {"X18082": {"X2025-18073", "X2025-18652"},
                              "X18796": {"X2025-18754", "X2025-18823", "X2025-18832"}}.items():
        rows = lineage_frame[lineage_frame["old_code"] == old]
        assert set(rows["kind"]) == {"split_between"} and set(rows["new_code"]) == destinations
        assert set(rows["effective_date"]) == {date(2025, 7, 1)}
    assert set(lineage_frame.loc[lineage_frame["kind"] == "split_between", "old_code"]) == {"X18082", "X18796"}
    renamed = lineage_frame[lineage_frame["kind"] == "renamed"]
    assert set(zip(renamed["old_code"], renamed["new_code"])) == {("X18196", "X2025-18196"), ("X18199", "X2025-18199")}


def test_two_communes_stay_unmapped_with_the_reason(lineage_frame, unit_frame):
    gaps = lineage.unmapped(lineage_frame)
    assert [g.split(":")[0] for g in gaps] == ["X18472", "X18535"]
    assert all("left unmapped" in g for g in gaps)
    assert {unit_frame.loc[c, "valid_to"] for c in ("X18472", "X18535")} == {date(2025, 1, 1)}


def test_department_mergers_are_unverified(lineage_frame, unit_frame):
    departments = lineage_frame[lineage_frame["old_code"].isin({old for old, _ in DEPARTMENT_MERGERS})]
    assert set(zip(departments["old_code"], departments["new_code"])) == DEPARTMENT_MERGERS
    assert not departments["verified"].any() and departments["note"].str.contains("unverified").all()
    assert {unit_frame.loc[old, "valid_to"] for old, _ in DEPARTMENT_MERGERS} == {date(2025, 3, 1)}
    assert unit_frame.loc["SNNMT", "valid_from"] == date(2025, 3, 1) and unit_frame.loc["STC", "valid_to"] is None
    # the rest of the lineage states its source; only the inferred 1/1/2025 merges are unverified
    assert lineage_frame["source"].notna().all()
    unverified = lineage_frame[~lineage_frame["verified"]]
    assert len(unverified) == len(DEPARTMENT_MERGERS) + 7
    assert set(unverified["effective_date"]) == {date(2025, 1, 1), date(2025, 3, 1)}


def test_lineage_that_disagrees_with_the_commune_list_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "units", data / "units")
    entered = data / "units" / "lineage.csv"
    entered.write_text(entered.read_text(encoding="utf-8").replace("X18193,X18178", "X18193,X18100"), encoding="utf-8")
    with pytest.raises(ValueError, match="X18193"):
        lineage.build_lineage(data)
