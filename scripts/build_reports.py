#!/usr/bin/env python3
"""Build the HTML reports (`make reports`): the `build-reports` command, run from this checkout.

    python scripts/build_reports.py [--only NAME] [--jobs N] [--force] [--fresh-kernels]
                                    [--timeout SECONDS] [--allow-network] [--out DIR]

The build itself is the reportbuild package beside this file (reportbuild/pipeline.py).
"""

import sys

from reportbuild.cli import main

if __name__ == "__main__":
    sys.exit(main())
