"""The one exception of the file checks: a file that cannot be read as a report, and why, in Vietnamese."""
from __future__ import annotations


class FileRejected(Exception):
    """The file cannot be read as a report; the message says why, in Vietnamese."""
