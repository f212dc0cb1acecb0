"""Tables as a phone shows them: cards, the status first."""
import pandas as pd

from cchc import look
from cchc.formatting import Shown
from web.phone import cards_html


def test_a_card_says_its_status_first_then_its_name_and_key_values():
    table = pd.DataFrame([{"Trạng thái": "■ Chậm, khó đạt", "Mã": "I-1", "Chỉ tiêu": "Tỷ lệ <hồ sơ> trực tuyến",
                           "Mới nhất": Shown("85,5%", 0.855), "Kế hoạch": "–", "Quý I": "70%"}])
    card = cards_html(table, status="Trạng thái", title="Chỉ tiêu", fields=("Mới nhất", "Kế hoạch", "Dự báo"))
    status, name, value = card.index("■ Chậm, khó đạt"), card.index("Tỷ lệ &lt;hồ sơ&gt; trực tuyến"), \
        card.index("85,5%")
    assert status < name < value
    assert f"border-left-color:{look.RED}" in card and look.FILLS[look.RED][0] in card   # the status's hue
    assert "Kế hoạch" not in card and "Quý I" not in card      # no value, and not a key value
