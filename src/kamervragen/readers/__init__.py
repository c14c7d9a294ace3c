"""Readers: one per input rendering, each turning decoded lines into source blocks."""
