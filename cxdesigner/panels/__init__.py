"""Side panels: inspector, touchpoint table, personas, project dock and insights; each edit pushes a command."""
