"""Records in: the strike schema, the readers (geomap CSV, ACLED exports) and their checks."""
