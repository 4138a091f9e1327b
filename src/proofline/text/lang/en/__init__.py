"""English words and phrases (see `proofline.text.lang`)."""
