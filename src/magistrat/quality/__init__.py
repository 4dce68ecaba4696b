"""Quality management: ISO 9001 / ISO 18091 and management control (docs/architecture.md)."""
