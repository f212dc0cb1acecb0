"""Data views: what each page and meeting view needs, computed from the database (the progress of targets and
tasks, the submissions board, the indices, the units, the audit log, one unit's submissions) as frames and
texts for the page models (:mod:`cchc.page_models`), the meeting (:mod:`cchc.meeting`) and the charts to finish.
No Streamlit here.

Why SQL here: a view's query is the view itself (its joins and filters are what it shows), so each view reads
the rows it alone needs with its own parameterised statements. Reads that several parts share are in
:mod:`cchc.store.queries`, units over time in :mod:`cchc.store.units`; nothing here writes.
"""
