"""SSDA903, the looked-after children return: its code lists, tables, reading and writing."""
