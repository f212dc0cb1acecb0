"""Published results of every province kept current without a code change: a national table of an edition read
from the publisher's Excel or CSV (:mod:`etl.results.reader`), previewed and imported, or one province's values
entered by hand (:mod:`etl.results.loader`)."""
