"""Qt item models over repository queries."""
