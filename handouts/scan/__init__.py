"""`handouts scan`: a photographed log page read back (the 'scan' extra)."""
