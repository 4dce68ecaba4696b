"""The channels' connectors: each adapts a message to its channel's limits (`compose`, which the
preview shows), sends it, looks for it before a retry and deletes it on withdrawal."""
