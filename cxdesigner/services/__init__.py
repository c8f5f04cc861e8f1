"""Qt services the windows share, without widgets: the task runner and the analysis service."""
