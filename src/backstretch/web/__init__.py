"""The coach in a browser: `create_app` builds the web app; `backstretch serve` runs it."""
