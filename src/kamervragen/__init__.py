"""kamervragen: convert answered Dutch parliamentary questions into a publishable model."""

__version__ = "0.1.0"
