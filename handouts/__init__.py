"""handouts: turn a short YAML plan into a print-ready home exercise program PDF."""

__version__ = "0.1.0"
