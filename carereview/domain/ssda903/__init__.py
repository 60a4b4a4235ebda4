"""SSDA903, the looked-after children return: code lists (and, later, its tables and files)."""
