"""`python -m gridsim.cli` runs the command line."""

import sys

from gridsim.cli import main

sys.exit(main())
