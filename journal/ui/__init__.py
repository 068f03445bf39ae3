"""Textual glue shared by the screens and widgets."""
