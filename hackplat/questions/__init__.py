"""Questions and answers (質疑応答) on needs and to proposers (issue 15, item 3)."""
