"""Pure domain of trial-journal: plans, day entries, sessions, side effects.

Nothing in this package imports Textual or TinyDB, so the command line, the store and the
analysis can use it without paying for the UI, and tests can exercise it directly.
"""
