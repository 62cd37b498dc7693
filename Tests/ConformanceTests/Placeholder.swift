// Placeholder: this target's sources are being written.
