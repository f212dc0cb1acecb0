"""Entry point of the app: page setup, language, sign-in, and navigation over the pages the account may see
(as :mod:`cchc.permissions` declares)."""
import streamlit as st

from cchc import auth, permissions
from cchc.config import default_database
from web import cached, sample, style
from web.app import guarded, language_picker, t
from web.page_filters import filter_bar
from web.session import account_bar, current_user, sign_in_page

st.set_page_config(page_title="CCHC Hà Tĩnh", page_icon="🏛️", layout="wide", initial_sidebar_state="collapsed")
language_picker()

# Every page by its file, in the menu's order.
EVERY_PAGE = {file: st.Page(file, title=t(title), icon=icon, url_path=url_path, default=file == "pages/overview.py")
              for file, title, icon, url_path in [
                  ("pages/overview.py", "nav.overview", ":material/dashboard:", "tong-quan"),
                  ("pages/targets.py", "nav.targets", ":material/flag:", "chi-tieu"),
                  ("pages/tasks.py", "nav.tasks", ":material/checklist:", "nhiem-vu"),
                  ("pages/indices.py", "nav.indices", ":material/leaderboard:", "chi-so"),
                  ("pages/comparison.py", "nav.comparison", ":material/compare_arrows:", "so-sanh"),
                  ("pages/units.py", "nav.units", ":material/account_tree:", "don-vi"),
                  ("pages/board.py", "nav.board", ":material/fact_check:", "tinh-hinh-nop"),
                  ("pages/present.py", "nav.present", ":material/slideshow:", "trinh-chieu"),
                  ("pages/upload.py", "nav.upload", ":material/upload_file:", "nop-bao-cao"),
                  ("pages/accounts.py", "nav.accounts", ":material/manage_accounts:", "tai-khoan"),
                  ("pages/contacts.py", "nav.contacts", ":material/contact_mail:", "lien-he"),
                  ("pages/audit.py", "nav.audit", ":material/history:", "nhat-ky"),
                  ("pages/backup.py", "nav.backup", ":material/backup:", "sao-luu"),
                  ("pages/plan.py", "nav.plan", ":material/event_note:", "ke-hoach"),
                  ("pages/results.py", "nav.results", ":material/publish:", "ket-qua-cong-bo"),
              ]}
DASHBOARDS = [EVERY_PAGE[f"pages/{name}.py"] for name in ("overview", "targets", "tasks", "indices", "comparison", "units",
                                                         "board")]
UPLOAD, PRESENT = EVERY_PAGE["pages/upload.py"], EVERY_PAGE["pages/present.py"]
# A reporter's only page opens at the root too; a default page cannot keep its own address, so the root
# is a step that moves on to /nop-bao-cao, and links to /nop-bao-cao keep working.
REPORTER_HOME = st.Page(lambda: None, title=t("nav.upload"), url_path="bat-dau", default=True)


def offered(role: str) -> list:
    """The pages a role is offered: those cchc.permissions lets it open (the data functions check the role
    again, whatever the page)."""
    pages = [page for file, page in EVERY_PAGE.items() if permissions.may_open(role, file)]
    return [REPORTER_HOME, *pages] if role == auth.REPORTER else pages


user = guarded(current_user)
if user is None:
    # Every page is known, so a link (/chi-tieu?period=…) keeps its address through the sign-in and opens after it.
    st.navigation(list(EVERY_PAGE.values()), position="hidden")
    style.apply()
    sign_in_page()
    st.stop()
pages = offered(user.role)
navigation = st.navigation(pages, position="hidden" if user.role == auth.REPORTER else "top")
if navigation is REPORTER_HOME:     # before anything is drawn, so the session cookie goes out with the page itself
    st.switch_page(UPLOAD)
if navigation in DASHBOARDS or navigation is PRESENT:
    guarded(cached.begin_run)       # the data version, read once for the run's cached views
if navigation is PRESENT:       # the projector gets the screen to itself: no bars (the page hides the menu)
    navigation.run()
    st.stop()
style.apply()
with st.container(key="account_bar"):     # one line on a phone (web.style)
    account_bar(user, present=PRESENT in pages)
sample.banner(default_database())      # while `make run`'s sample data is still loading
if navigation in DASHBOARDS:
    filters = guarded(filter_bar)
    if filters is None:
        st.stop()
    st.session_state["filters"] = filters
navigation.run()
