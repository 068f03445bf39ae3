"""``python -m journal`` runs the same entry point as the ``journal`` command."""

from journal.cli import main

raise SystemExit(main())
