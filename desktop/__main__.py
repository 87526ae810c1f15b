"""`python -m desktop` and the `quaestio` script."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
