#!/usr/bin/env python
"""Execute every notebook under notebooks/ (or the ones named) top to bottom and write it back
with its outputs, so the notebooks read on a code host without running. `make notebooks` calls this."""
import sys

from extraction.exploring.runner import main

if __name__ == "__main__":
    sys.exit(main())
