"""CloudFormation: templates (YAML and JSON, SAM, nested stacks) read into
``CloudFormationResource`` records with intrinsics resolved and a span for every property."""
