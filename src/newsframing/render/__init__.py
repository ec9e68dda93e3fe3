"""Stage 4, render: figures, computed findings prose, and the report site (Quarto or plain HTML).

Named ``render`` so it does not clash with the top-level ``report/`` folder of report sources."""
