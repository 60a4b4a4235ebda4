"""The domain core: plain Python, no Django.

Working days, the statutory review timescales and the SSDA903 code lists live here, as pure
functions over small immutable records, so that they can be tested and benchmarked without a
database and reused by the web service, the command line, imports and reports alike.
"""
