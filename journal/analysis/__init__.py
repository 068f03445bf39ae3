"""Analysis of a logged block: pure calculations with no UI or storage imports."""
