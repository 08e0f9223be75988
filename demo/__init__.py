"""The bilingual demo site for development and tests: data files, their loader and its commands.

Installed only by the development and test settings; no production module imports it.
"""
