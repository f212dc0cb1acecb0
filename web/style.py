"""The app's own CSS, on every page but the projector's (which has its own, :mod:`cchc.meeting.presentation`).

Streamlit leaves a band of about 90 px between its top menu and the page; a page here opens on its filter bar and
headline right under the menu. Streamlit draws captions in the text colour at 60 % opacity, 4:1 on white, under
the 4.5:1 that small text needs (axe-core's color-contrast): here they are opaque, in :data:`cchc.look.QUIET_TEXT`.

On a phone (a screen up to ``PHONE`` wide, where Streamlit already stacks columns) the page opens on its headline
numbers: the filter bar folds into its one-line summary (:func:`web.page_filters.filter_bar`), the account bar
takes one line, titles and metrics are smaller and the metrics of a row sit side by side; wide tables give way to
cards (:mod:`web.phone`). Streamlit's top menu turns into its sidebar there, opened by a bare "»": the button
says "☰ Menu", and the menu closes once a page is chosen (Streamlit does that only for a browser whose user agent
says it is a phone, not for a narrow window or a phone asking for the desktop site).
"""
from __future__ import annotations

import streamlit as st

from cchc import look
from cchc.charts.pictures import LONGEST_SHARE
from cchc.charts.years import AXIS_WIDTH, LABEL_ROOM, MOST_YEARS

PHONE = "640px"
# A column that holds a metric itself (not in a box of its own, as the overview's index cards do): the columns of a
# row of headline numbers
METRIC_COLUMN = ('> [data-testid="stColumn"] > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]'
                 ' > [data-testid="stMetric"]')

# A share's text of n characters is about 0,6 n em wide in the bold digits of the app's font.
SHARE_RULES = "\n".join(f"@container (max-width: {0.6 * n + 0.6:.1f}em) {{ .cchc-share-{n} {{ display: none; }} }}"
                        for n in range(1, LONGEST_SHARE + 1))
# A chart by year (cchc.charts.years) of n years keeps only each line's last written value where a year has less
# room than a value's text.
YEARS_RULES = "\n".join(f"@container cchc-years (max-width: {AXIS_WIDTH + LABEL_ROOM * n}px) {{ "
                        f".cchc-years-{n} .cchc-minor {{ display: none; }} }}" for n in range(2, MOST_YEARS + 1))
CSS = f"""
<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 4.25rem; }}
.st-key-headline p {{ font-size: 1.45rem; line-height: 1.4; margin: 0; }}
[data-testid="stCaptionContainer"] {{ opacity: 1; color: {look.QUIET_TEXT}; }}
.st-key-filter_summary, .st-key-filter_summary_open, [class*="st-key-phone_"] {{ display: none; }}
ul.cchc-cards {{ list-style: none; padding: 0 !important; margin: 0 !important; }}
li.cchc-card {{ border: 1px solid #CBD2D9; border-left: 6px solid; border-radius: 6px; padding: 0.5rem 0.75rem;
                margin: 0 0 0.5rem 0 !important; }}
.cchc-card-status {{ margin-bottom: 0.25rem; }}
/* a bar segment of cchc.charts.pictures hides its share when it is narrower than the text (in its own em) */
.cchc-segment {{ container-type: inline-size; }}
{SHARE_RULES}
.cchc-years {{ container: cchc-years / inline-size; }}
/* the components of cchc.charts.comparison: a name on a line of its own where the picture is narrow */
.cchc-parts {{ container: cchc-parts / inline-size; }}
@container cchc-parts (max-width: 560px) {{
  .cchc-parts-grid {{ grid-template-columns: 1fr max-content !important; row-gap: 2px !important; }}
  .cchc-part-name {{ grid-column: 1 / -1; margin-top: 6px; }}
}}
{YEARS_RULES}
.cchc-badge {{ border-radius: 4px; padding: 0 0.35rem; font-weight: 600; }}
.cchc-card-title {{ font-weight: 600; line-height: 1.35; }}
.cchc-card-field {{ font-size: 0.9rem; }}
.cchc-card-field > span {{ color: #52606D; }}
@media (max-width: {PHONE}) {{
  [data-testid="stMainBlockContainer"] {{ padding: 3.5rem 0.75rem 2rem; }}
  .st-key-filter_summary, .st-key-filter_summary_open, [class*="st-key-phone_"] {{ display: flex; }}
  .st-key-filter_summary button p {{ text-align: left; }}
  .stApp:has(.st-key-filter_summary) .st-key-filter_bar {{ display: none; }}
  /* a phone's browser gets the cards (web.phone): its tables give way to them; any other keeps its tables */
  .stApp:has([class*="st-key-phone_"]) [class*="st-key-desk_"] {{ display: none; }}
  .st-key-account_bar [data-testid="stHorizontalBlock"] {{ flex-wrap: nowrap; align-items: center; }}
  .st-key-account_bar [data-testid="stColumn"]:first-child {{ display: none; }}
  .st-key-account_bar [data-testid="stColumn"] {{ min-width: 0; width: auto; flex: 1 1 auto; }}
  .st-key-account_bar [data-testid="stColumn"]:last-child {{ flex: 0 0 auto; }}
  .st-key-account_bar p {{ font-size: 0.85rem; text-align: left; }}
  h1 {{ font-size: 1.6rem !important; padding-top: 0.25rem !important; }}
  h2, h3 {{ font-size: 1.25rem !important; }}
  .st-key-headline p {{ font-size: 1.15rem; }}
  [data-testid="stVerticalBlock"] {{ gap: 0.6rem; }}
  [data-testid="stHorizontalBlock"]:has({METRIC_COLUMN}) {{ flex-flow: row wrap; gap: 0.25rem 0.75rem; }}
  [data-testid="stHorizontalBlock"]:has({METRIC_COLUMN}) > [data-testid="stColumn"] {{
    min-width: calc(33% - 0.75rem); width: auto; flex: 1 1 calc(33% - 0.75rem); }}
  [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
  [data-testid="stMetricLabel"] p {{ font-size: 0.8rem; }}
  [data-testid="stExpandSidebarButton"] [data-testid="stIconMaterial"] {{ display: none; }}
  [data-testid="stExpandSidebarButton"]::after {{ content: "☰ Menu"; font-size: 1rem; font-weight: 600;
    padding: 0.3rem 0.7rem; border: 1px solid #9AA5B1; border-radius: 6px; color: #1F2933; }}
}}
</style>
"""

# On a phone, a page chosen in the menu closes it (the sidebar covers the page there).
MENU_SCRIPT = f"""
<script>
if (!window.cchcMenuCloses) {{
  window.cchcMenuCloses = true;
  document.addEventListener("click", (event) => {{
    if (!window.matchMedia("(max-width: {PHONE})").matches) return;
    if (!event.target.closest('[data-testid="stSidebarNavLink"]')) return;
    setTimeout(() => document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click(), 0);
  }}, true);
}}
</script>
"""


def apply() -> None:
    """Put the app's CSS on the page (once per run, before anything else is drawn), and the menu's script."""
    st.html(CSS + MENU_SCRIPT, unsafe_allow_javascript=True)
