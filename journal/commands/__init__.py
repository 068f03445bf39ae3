"""The quick commands of ``journal`` (log, status, export...), one module per group.

Each module has a ``register(sub, data_parent)`` that adds its argparse parsers and a handler per
command taking ``(args, ctx)`` and returning an exit code. Modules import only the standard
library at module level (plus the pure domain where a parser needs its choices); the store and
anything heavier is imported inside the handler, so ``journal status --short`` stays fast and
nothing on this path imports Textual.
"""
