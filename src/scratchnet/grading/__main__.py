"""``python -m scratchnet.grading``: the same as ``scratchnet-grade``."""
import sys

from .cli import main

sys.exit(main())
