"""web.memo: what a page derives from a shared view is computed once per view, and goes when the view goes."""
import gc

import pandas as pd

from cchc.formatting import percent_cell
from web import memo


def test_a_view_is_derived_once_per_arguments_and_forgotten_when_it_goes():
    calls = []

    @memo.per_object
    def derive(frame, *, fields):
        calls.append(fields)
        return len(frame) * len(fields)

    view = pd.DataFrame({"a": [1, 2]})
    assert derive(view, fields=["x"]) == 2
    assert derive(view, fields=["x"]) == 2          # a list argument is a key, as a tuple
    assert derive(view, fields=["x", "y"]) == 4
    assert calls == [["x"], ["x", "y"]]
    other = pd.DataFrame({"a": [1, 2, 3]})
    assert derive(other, fields=["x"]) == 3         # another view: its own result
    assert len(calls) == 3
    del view, other
    gc.collect()
    assert derive(pd.DataFrame({"a": [1]}), fields=["x"]) == 1      # nothing stale under a reused id


def test_a_tables_text_is_the_text_the_page_shows():
    table = pd.DataFrame({"Tỷ lệ": [percent_cell(85.5)]})
    assert memo.table_text(table)["Tỷ lệ"].tolist() == ["85,5%"]
    assert memo.table_text(table) is memo.table_text(table)
