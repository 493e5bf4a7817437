"""Terraform: HCL modules, plan JSON and state JSON, all read into ``TerraformResource`` records.

What is a Terraform file is decided here, once (discovery, the pre-commit hook's widening,
kustomize's refusal, the NUL-as-text rule): this module loads nothing.
"""

from __future__ import annotations

CONFIG_SUFFIXES = (".tf", ".tf.json")  # a module's configuration
VARS_SUFFIXES = (".tfvars", ".tfvars.json")  # variable values


def is_config_file(name: str) -> bool:
    return name.endswith(CONFIG_SUFFIXES)


def is_vars_file(name: str) -> bool:
    return name.endswith(VARS_SUFFIXES)


def is_terraform_file(name: str) -> bool:
    """A file Terraform reads: configuration or variable values."""
    return is_config_file(name) or is_vars_file(name)
