"""Entry point of the app: page setup, language, and navigation over pages/."""
import streamlit as st

from cchc.webapp import language_picker, t

st.set_page_config(page_title="CCHC Hà Tĩnh", page_icon="🏛️", layout="wide", initial_sidebar_state="collapsed")
language_picker()
navigation = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", url_path="tong-quan", default=True),
], position="top")
navigation.run()
