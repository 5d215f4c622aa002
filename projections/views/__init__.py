"""The views: each turns pages of events into rows of its SQL tables."""
