"""Step 1, load: files in, safely (size caps, allowed folders), YAML with each value's line and column."""
