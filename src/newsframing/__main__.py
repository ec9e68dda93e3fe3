"""Allow ``python -m newsframing``."""

from newsframing.cli import main

raise SystemExit(main())
