"""aws_core: AWS rules written once against the canonical AWS kinds (docs/model.md)."""
