"""Documents the office prints or edits: each unit's score card for a period (:mod:`cchc.documents.scorecard`,
one A4 page of PDF), and the province's periodic report."""
