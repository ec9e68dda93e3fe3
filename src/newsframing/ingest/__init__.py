"""Stage 1, ingest: read -> extract -> clean -> dedup -> segment.

``read`` decodes bytes, ``extract`` turns HTML/markdown/text into blocks, ``boilerplate`` and ``clean``
remove page furniture, ``dedup`` merges near-duplicate copies, ``segment`` splits sentences and
``corpus`` runs them in order over a manifest (``manifest``) and writes the corpus tables.
"""

from newsframing.ingest.corpus import Corpus, build_corpus, ingest, write_corpus

__all__ = ["Corpus", "build_corpus", "ingest", "write_corpus"]
