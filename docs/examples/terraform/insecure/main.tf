# An intentionally insecure Terraform module: iacgate's demo input (docs/examples).

variable "ssh_cidr" {
  description = "Who may reach the bastion over SSH."
  type        = string
  default     = "0.0.0.0/0"
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH to the bastion"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "app"
  password            = var.db_password
  publicly_accessible = true
  storage_encrypted   = false
}

variable "db_password" {
  type      = string
  sensitive = true
}
