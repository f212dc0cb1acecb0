"""Entry point of the app: page setup, language, and navigation over pages/."""
import streamlit as st

from cchc.page_filters import filter_bar
from cchc.webapp import guarded, language_picker, t

st.set_page_config(page_title="CCHC Hà Tĩnh", page_icon="🏛️", layout="wide", initial_sidebar_state="collapsed")
language_picker()
navigation = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", url_path="tong-quan", default=True),
    st.Page("pages/targets.py", title=t("nav.targets"), icon=":material/flag:", url_path="chi-tieu"),
    st.Page("pages/tasks.py", title=t("nav.tasks"), icon=":material/checklist:", url_path="nhiem-vu"),
    st.Page("pages/indices.py", title=t("nav.indices"), icon=":material/leaderboard:", url_path="chi-so"),
    st.Page("pages/units.py", title=t("nav.units"), icon=":material/account_tree:", url_path="don-vi"),
    st.Page("pages/board.py", title=t("nav.board"), icon=":material/fact_check:", url_path="nop-bao-cao"),
], position="top")
filters = guarded(filter_bar)
if filters is None:
    st.stop()
st.session_state["filters"] = filters
navigation.run()
