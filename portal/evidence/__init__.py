"""Evidence for answers: link library documents to answers, and reviewers' verdicts on them."""
