"""The bundle's entry: ``operator-assist`` as the venv's console script runs it."""

import sys

from operator_assist.cli.main import main

sys.exit(main())
