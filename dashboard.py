"""Entry point of the app: page setup, language, sign-in, and navigation over the pages the account may see."""
import streamlit as st

from cchc import auth
from cchc.page_filters import filter_bar
from cchc.session import account_bar, current_user, sign_in_page
from cchc.webapp import guarded, language_picker, t

st.set_page_config(page_title="CCHC Hà Tĩnh", page_icon="🏛️", layout="wide", initial_sidebar_state="collapsed")
language_picker()

DASHBOARDS = [
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", url_path="tong-quan", default=True),
    st.Page("pages/targets.py", title=t("nav.targets"), icon=":material/flag:", url_path="chi-tieu"),
    st.Page("pages/tasks.py", title=t("nav.tasks"), icon=":material/checklist:", url_path="nhiem-vu"),
    st.Page("pages/indices.py", title=t("nav.indices"), icon=":material/leaderboard:", url_path="chi-so"),
    st.Page("pages/units.py", title=t("nav.units"), icon=":material/account_tree:", url_path="don-vi"),
    st.Page("pages/board.py", title=t("nav.board"), icon=":material/fact_check:", url_path="tinh-hinh-nop"),
]


def upload_page(default: bool = False) -> st.Page:
    return st.Page("pages/upload.py", title=t("nav.upload"), icon=":material/upload_file:", url_path="nop-bao-cao",
                   default=default)


ADMINISTRATION = [
    st.Page("pages/accounts.py", title=t("nav.accounts"), icon=":material/manage_accounts:", url_path="tai-khoan"),
    st.Page("pages/audit.py", title=t("nav.audit"), icon=":material/history:", url_path="nhat-ky"),
]
PRESENT = st.Page("pages/present.py", title=t("nav.present"), icon=":material/slideshow:", url_path="trinh-chieu")
# The pages each role is offered; the data functions check the role again whatever the page.
PAGES = {
    auth.ADMIN: DASHBOARDS + [PRESENT, upload_page()] + ADMINISTRATION,
    auth.VIEWER: DASHBOARDS + [PRESENT],
    auth.REPORTER: [upload_page(default=True)],
}

user = guarded(current_user)
if user is None:
    st.navigation([st.Page(sign_in_page, title=t("nav.sign_in"), icon=":material/login:", url_path="dang-nhap")],
                  position="hidden").run()
    st.stop()
navigation = st.navigation(PAGES[user.role], position="top")
if navigation is PRESENT:       # the projector gets the screen to itself: no bars (the page hides the menu)
    navigation.run()
    st.stop()
account_bar(user, present=PRESENT in PAGES[user.role])
if navigation in DASHBOARDS:
    filters = guarded(filter_bar)
    if filters is None:
        st.stop()
    st.session_state["filters"] = filters
navigation.run()
