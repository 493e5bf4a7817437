"""Sources: read files into native records that keep their locations."""
