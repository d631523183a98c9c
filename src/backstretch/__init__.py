"""backstretch: a coach for a daily back-pain stretching routine."""

__version__ = "0.1.0"
