"""Reports to candidate rows: places, dates, sources and casualties read from report text."""
