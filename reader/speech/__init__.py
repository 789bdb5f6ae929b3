"""What is said and by what: spoken-text rules, the user's pronunciations,
voice presets, the engines behind one interface, and synthesis through the
on-disk cache."""
