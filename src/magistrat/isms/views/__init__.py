"""Staff pages of the information security module, one module per register."""
