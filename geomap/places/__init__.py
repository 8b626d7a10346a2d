"""Places resolved: name folding, the curated and regional gazetteers, the resolution chain."""
