"""Step 3, compose: the checked plan as a story of sections, words and pictures."""
