"""Map logic without Qt: cell geometry and routes, auto-arrange, the card clipboard format, find filters.

The canvas draws what ``geometry`` works out; exports, the command line and the document use the
rest without loading any widget (import-linter keeps this package to the model alone).
"""
