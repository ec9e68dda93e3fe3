"""Quarto post-render step (_quarto.yml): the rendered pages must load nothing from the network."""

from newsframing.render.offline import main

raise SystemExit(main())
