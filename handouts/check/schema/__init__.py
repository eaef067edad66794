"""The documents handouts reads, declared once: every field's name, type, limits, default and meaning.

Checking (`handouts.check`), the model's defaults, the wizard's limits, the JSON Schema editors read
(`handouts schema`) and the field tables in the README and docs all come from these declarations.
"""
