"""The main window's parts that are not the map or a panel: dock layout, start page, help, preferences."""
