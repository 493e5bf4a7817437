"""Terraform: HCL modules, plan JSON and state JSON, all read into ``TerraformResource`` records."""
