"""Entry point of the app: page setup, language, sign-in, and navigation over the pages the account may see."""
import streamlit as st

from cchc import auth
from cchc.config import default_database
from cchc.web import cached, sample
from cchc.web.app import guarded, language_picker, t
from cchc.web.page_filters import filter_bar
from cchc.web.session import account_bar, current_user, sign_in_page

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
UPLOAD = st.Page("pages/upload.py", title=t("nav.upload"), icon=":material/upload_file:", url_path="nop-bao-cao")
ADMINISTRATION = [
    st.Page("pages/accounts.py", title=t("nav.accounts"), icon=":material/manage_accounts:", url_path="tai-khoan"),
    st.Page("pages/audit.py", title=t("nav.audit"), icon=":material/history:", url_path="nhat-ky"),
]
PRESENT = st.Page("pages/present.py", title=t("nav.present"), icon=":material/slideshow:", url_path="trinh-chieu")
# A reporter's only page opens at the root too; a default page cannot keep its own address, so the root
# is a step that moves on to /nop-bao-cao, and links to /nop-bao-cao keep working.
REPORTER_HOME = st.Page(lambda: None, title=t("nav.upload"), url_path="bat-dau", default=True)
# The pages each role is offered; the data functions check the role again whatever the page.
PAGES = {
    auth.ADMIN: DASHBOARDS + [PRESENT, UPLOAD] + ADMINISTRATION,
    auth.VIEWER: DASHBOARDS + [PRESENT],
    auth.REPORTER: [REPORTER_HOME, UPLOAD],
}

user = guarded(current_user)
if user is None:
    # Every page is known, so a link (/chi-tieu?period=…) keeps its address through the sign-in and opens after it.
    st.navigation(PAGES[auth.ADMIN], position="hidden")
    sign_in_page()
    st.stop()
navigation = st.navigation(PAGES[user.role], position="hidden" if user.role == auth.REPORTER else "top")
if navigation is REPORTER_HOME:     # before anything is drawn, so the session cookie goes out with the page itself
    st.switch_page(UPLOAD)
if navigation in DASHBOARDS or navigation is PRESENT:
    guarded(cached.begin_run)       # the data version, read once for the run's cached views
if navigation is PRESENT:       # the projector gets the screen to itself: no bars (the page hides the menu)
    navigation.run()
    st.stop()
account_bar(user, present=PRESENT in PAGES[user.role])
sample.banner(default_database())      # while `make run`'s sample data is still loading
if navigation in DASHBOARDS:
    filters = guarded(filter_bar)
    if filters is None:
        st.stop()
    st.session_state["filters"] = filters
navigation.run()
