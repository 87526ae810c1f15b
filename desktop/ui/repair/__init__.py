"""Edit > Repair text: Cyrillic mis-decoded as Latin-1, shown before and after."""
