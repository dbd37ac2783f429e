"""Stage 1: read files into values that remember their source positions."""
