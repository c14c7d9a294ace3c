"""Fetch stage (input, before the readers): Kamervragen from the Tweede Kamer's open data into content/."""
