"""Our date and number formats per language (``FORMAT_MODULE_PATH``).

Django looks here first and falls back to its own locale formats for what a module
leaves out. English keeps Django's formats; Hindi gets ``hi/formats.py``.
"""
