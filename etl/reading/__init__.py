"""Reading the Excel files people really send, whatever they hold: what the bytes are, every part of an .xlsx
measured before any reader runs, sheets loaded, values as people type them, text in old Vietnamese font
encodings repaired. Used by the reports (:mod:`etl.reports`) and the plan workbook (:mod:`etl.plans`)."""
