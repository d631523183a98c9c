"""Core objects in, bytes out: JSON, CSV, calendars, PDF and charts."""
