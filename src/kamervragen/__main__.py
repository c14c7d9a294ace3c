"""`python -m kamervragen`: the command line."""

from .cli import main

raise SystemExit(main())
