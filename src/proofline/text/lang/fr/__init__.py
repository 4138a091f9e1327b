"""French words and phrases (see `proofline.text.lang`)."""
