"""The meeting outputs: the views of a steering-committee meeting (:mod:`cchc.meeting.agenda`), shown on the
projector (:mod:`cchc.meeting.presentation`) and written as a deck (PPTX by :mod:`cchc.meeting.deck`, PDF by
:mod:`cchc.meeting.deck_pdf`)."""
