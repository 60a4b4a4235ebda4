"""carereview: case management for Independent Reviewing Officer (IRO) services."""

__version__ = "0.1.0"
