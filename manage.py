#!/usr/bin/env python
"""Same as the ``egov`` console command."""

from egov.__main__ import main

if __name__ == "__main__":
    main()
