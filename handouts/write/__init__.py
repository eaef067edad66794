"""Step 5, write: bytes to files, never half a PDF; many handouts into one print file."""
