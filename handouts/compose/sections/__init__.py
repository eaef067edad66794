"""The handout's sections, one module each; compose.py puts them in order."""
