"""Development tools that are not part of the application (import-linter contracts)."""
