"""Screen view-models: what the Log and Plan screens decide, as plain data and functions.

They sit beside the UI rather than in ``journal.domain`` because they speak the screens'
language (form text, strip marks, summary lines), yet they import no Textual or TinyDB so
every rule in them is tested without a terminal. The domain stays the home of the records
and their rules; a view-model only shapes them for one screen.
"""
