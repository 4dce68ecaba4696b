"""Every write of the information security module, one module per entity."""
