"""``python -m bench.attacks``: run :func:`bench.attacks.main.main`."""

import sys

from bench.attacks.main import main

sys.exit(main())
