"""newsframing: how news outlets frame generative AI (opportunity vs. threat).

Ingestion turns messy article files into a clean sentence corpus; the analysis modules measure
framing on those sentences. Notebooks and the report call these functions rather than re-implementing
them, so a rerun on another corpus is the same code path.
"""

__version__ = "0.1.0"
