"""Documents the office prints or edits, built from the same views as the pages: the periodic CCHC report (Word)
and the units' score cards (PDF)."""
