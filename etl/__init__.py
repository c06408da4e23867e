"""Extract, match, transform and load: boundaries and statistics into the spatial database."""
