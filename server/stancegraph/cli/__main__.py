"""``python -m stancegraph.cli``: the same as the ``stancegraph`` command."""

import sys

from stancegraph.cli.main import main

sys.exit(main())
