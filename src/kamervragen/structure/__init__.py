"""Structure stage: a reader's source blocks → the Letter model (labels, metadata, questions and answers)."""
