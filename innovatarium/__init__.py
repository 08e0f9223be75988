"""The Innovatarium portal's project package (called innovatarium/, not site/: see the README)."""
