"""Documents in: read an article's bytes (file, stdin, URL), load it by format,
and build the Article → Section → Paragraph → Sentence model; find sections by
name and list them."""
