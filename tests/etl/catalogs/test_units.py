"""The units catalog: the province, departments named by the plan, 13 districts and 216 communes of 2023."""
from datetime import date

from cchc.store import db


def test_districts_and_communes(conn):
    districts = db.query_df(conn, "SELECT * FROM units WHERE kind = 'district'")
    communes = db.query_df(conn, "SELECT * FROM units WHERE kind = 'commune' AND valid_from IS NULL")
    assert len(districts) == 13 and len(communes) == 216
    assert set(districts["parent_code"]) == {"T42"}
    assert set(communes["parent_code"]) <= set(districts["code"])
    # Huyện Lộc Hà was dissolved on 1/1/2025, the others ended with the district level on 1/7/2025
    ends = dict(zip(districts["code"], districts["valid_to"].dt.date))
    assert ends.pop("H448") == date(2025, 1, 1) and set(ends.values()) == {date(2025, 7, 1)}
    assert districts.set_index("code").loc["H436", "name"] == "Thành phố Hà Tĩnh"


def test_departments_the_plan_names(conn):
    codes = {r[0] for r in db.query_rows(conn, "SELECT code FROM units WHERE level = 'province'")}
    assert {"T42", "SNV", "STP", "STC", "STTTT", "SKHDT", "SKHCN", "VPUBND", "SCT", "TTPVHCC"} <= codes
    kinds = dict(db.query_rows(conn, "SELECT kind, count(*) FROM units GROUP BY kind"))
    assert kinds["department"] >= 17 and kinds["central_agency"] >= 5


def test_codes_are_unique_and_parents_exist(conn):
    rows = db.query_df(conn, "SELECT code, parent_code FROM units")
    assert rows["code"].is_unique
    assert set(rows["parent_code"].dropna()) <= set(rows["code"])
