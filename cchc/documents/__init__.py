"""Documents the office prints or edits, built from the same views as the pages: the province's periodic CCHC
report (Word: :mod:`cchc.documents.report`, :mod:`cchc.documents.report_template`) and each unit's score card for a
period (:mod:`cchc.documents.scorecard`, one A4 page of PDF)."""
