"""File > Export and File > Import JSON."""
