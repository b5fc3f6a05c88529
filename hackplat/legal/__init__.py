"""Terms of use and the privacy policy: versioned texts, their pages, their acceptance."""
