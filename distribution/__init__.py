"""Distribution: the public event log, and every public change pushed to subscribers."""
