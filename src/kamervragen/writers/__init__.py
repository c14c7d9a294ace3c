"""Writers: pure functions of the Letter model."""
