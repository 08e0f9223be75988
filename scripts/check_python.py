"""Stop early with a clear message when the Python that make found is too old."""

import sys

if sys.version_info < (3, 11):
    found = sys.version.split()[0]
    sys.exit(f"Python 3.11 or newer is needed; {sys.executable} is {found}. Try: make PYTHON=python3.12 …")
