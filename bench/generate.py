"""Generated corpora for benchmarks: a Terraform tree with nested modules, a large plan JSON, and
many Kubernetes objects. Deterministic; written once per (kind, scale) under the given folder.

    python bench/generate.py OUT_DIR [--scale N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

SERVICES_PER_ENV = 25  # each service: 8 resources + 2 storage modules of 6 = 20 resources
ENVIRONMENTS = 10  # 10 x 25 x 20 = 5,000 resources at scale 1
PLAN_RESOURCES = 20_000
K8S_FILES = 2_500  # 4 objects each: 10,000 objects at scale 1

STORAGE_MODULE = """\
variable "name" { type = string }
variable "kms_key_arn" { type = string }
variable "versioned" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioned ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = "${var.name}-logs"
  target_prefix = "log/"
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

output "bucket_arn" { value = aws_s3_bucket.this.arn }
"""

SERVICE_MODULE = """\
variable "name" { type = string }
variable "vpc_id" { type = string }
variable "open_ssh" {
  type    = bool
  default = false
}

locals {
  tags = { Service = var.name, ManagedBy = "terraform" }
}

resource "aws_kms_key" "this" {
  description         = "${var.name} data"
  enable_key_rotation = true
  tags                = local.tags
}

module "data" {
  source      = "../storage"
  name        = "${var.name}-data"
  kms_key_arn = aws_kms_key.this.arn
}

module "backups" {
  source      = "../storage"
  name        = "${var.name}-backups"
  kms_key_arn = aws_kms_key.this.arn
  versioned   = false
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = var.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  dynamic "ingress" {
    for_each = var.open_ssh ? [22] : []
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  tags = local.tags
}

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "this" {
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${module.data.bucket_arn}/*"] }]
  })
}

resource "aws_iam_instance_profile" "this" {
  name = var.name
  role = aws_iam_role.this.name
}

resource "aws_instance" "this" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.this.id]
  iam_instance_profile   = aws_iam_instance_profile.this.name
  metadata_options {
    http_tokens = var.open_ssh ? "optional" : "required"
  }
  root_block_device {
    encrypted = true
  }
  tags = local.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/app/${var.name}"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.this.arn
}
"""


def terraform_tree(out: Path, scale: int) -> Path:
    root = out / f"terraform-{scale}x"
    if (root / ".done").exists():
        return root
    (root / "modules" / "storage").mkdir(parents=True, exist_ok=True)
    (root / "modules" / "service").mkdir(parents=True, exist_ok=True)
    (root / "modules" / "storage" / "main.tf").write_text(STORAGE_MODULE)
    (root / "modules" / "service" / "main.tf").write_text(SERVICE_MODULE)
    for env in range(ENVIRONMENTS * scale):
        directory = root / "envs" / f"env{env:03}"
        directory.mkdir(parents=True, exist_ok=True)
        blocks = [
            'provider "aws" {\n  region = "eu-west-1"\n}\n',
            'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
        ]
        for service in range(SERVICES_PER_ENV):
            blocks.append(
                f'module "svc{service:02}" {{\n'
                f'  source   = "../../modules/service"\n'
                f'  name     = "env{env:03}-svc{service:02}"\n'
                f"  vpc_id   = aws_vpc.main.id\n"
                f"  open_ssh = {'true' if service % 5 == 0 else 'false'}\n"
                f"}}\n"
            )
        (directory / "main.tf").write_text("\n".join(blocks))
    (root / ".done").touch()
    return root


def _bucket(index: int) -> dict[str, Any]:
    return {
        "address": f"aws_s3_bucket.b{index}",
        "mode": "managed",
        "type": "aws_s3_bucket",
        "name": f"b{index}",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "schema_version": 0,
        "values": {
            "bucket": f"bench-bucket-{index}",
            "force_destroy": False,
            "tags": {"Index": str(index)},
            "acl": "private" if index % 3 else "public-read",
        },
        "sensitive_values": {"tags": {}},
    }


def _group(index: int) -> dict[str, Any]:
    return {
        "address": f"aws_security_group.g{index}",
        "mode": "managed",
        "type": "aws_security_group",
        "name": f"g{index}",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "schema_version": 1,
        "values": {
            "name": f"bench-group-{index}",
            "description": "Managed by Terraform",
            "ingress": [
                {
                    "from_port": 22 if index % 4 == 0 else 443,
                    "to_port": 22 if index % 4 == 0 else 443,
                    "protocol": "tcp",
                    "cidr_blocks": ["0.0.0.0/0"],
                    "ipv6_cidr_blocks": [],
                    "prefix_list_ids": [],
                    "security_groups": [],
                    "self": False,
                    "description": "",
                }
            ],
            "revoke_rules_on_delete": False,
            "tags": None,
            "timeouts": None,
        },
        "sensitive_values": {"ingress": [{}]},
    }


def plan_json(out: Path, scale: int) -> Path:
    path = out / f"plan-{scale}x.json"
    if path.exists():
        return path
    count = PLAN_RESOURCES * scale
    resources = [_bucket(i) if i % 2 == 0 else _group(i) for i in range(count)]
    changes = [
        {
            "address": r["address"],
            "mode": "managed",
            "type": r["type"],
            "name": r["name"],
            "provider_name": r["provider_name"],
            "change": {
                "actions": ["create"],
                "before": None,
                "after": r["values"],
                "after_unknown": {"id": True, "arn": True},
                "before_sensitive": False,
                "after_sensitive": r["sensitive_values"],
            },
        }
        for r in resources
    ]
    configuration = {
        "provider_config": {
            "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws"}
        },
        "root_module": {
            "resources": [
                {
                    "address": r["address"],
                    "mode": "managed",
                    "type": r["type"],
                    "name": r["name"],
                    "provider_config_key": "aws",
                    "expressions": {},
                    "schema_version": r["schema_version"],
                }
                for r in resources
            ]
        },
    }
    document = {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
        "configuration": configuration,
    }
    path.write_text(json.dumps(document))
    return path


def kubernetes_objects(out: Path, scale: int) -> Path:
    from bench_scan import DEPLOYMENT

    directory = out / f"kubernetes-{scale}x"
    if (directory / ".done").exists():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(K8S_FILES * scale):
        text = DEPLOYMENT.format(
            i=i, ns=i % 50, tag="latest" if i % 2 else "1.4.2", privileged=str(i % 7 == 0).lower()
        )
        (directory / f"app-{i:06}.yaml").write_text(text)
    (directory / ".done").touch()
    return directory


def generate_all(out: Path, scale: int = 1) -> dict[str, tuple[Path, str]]:
    """name -> (path, checkov framework) for every generated corpus at ``scale``."""
    out.mkdir(parents=True, exist_ok=True)
    return {
        f"terraform tree {ENVIRONMENTS * SERVICES_PER_ENV * 20 * scale} resources": (
            terraform_tree(out, scale),
            "terraform",
        ),
        f"plan JSON {PLAN_RESOURCES * scale} resources": (plan_json(out, scale), "terraform_plan"),
        f"kubernetes {K8S_FILES * 4 * scale} objects": (
            kubernetes_objects(out, scale),
            "kubernetes",
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print {name: [path, framework]}")
    options = parser.parse_args()
    corpora = generate_all(options.out, options.scale)
    if options.json:
        print(json.dumps({name: [str(path), kind] for name, (path, kind) in corpora.items()}))
        return
    for name, (path, _) in corpora.items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
