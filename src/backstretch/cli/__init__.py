"""The terminal front end: commands, views and the session loop."""
