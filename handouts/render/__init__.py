"""Step 4, render: the story laid out on pages in the layout's fonts and styles, as PDF bytes."""
