# The Firebreak responder role for one AWS account. Firebreak's own ("base") identity assumes it when
# FIREBREAK_ROLE_ARN is set; its permissions are docs/iam-policy.json, generated from src/aws/permissions.ts.
# Credentials come from the usual provider chain (environment, profile, SSO), never from these files.

terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_partition" "current" {}

locals {
  policy_file = coalesce(var.policy_file, "${path.module}/../../docs/iam-policy.json")
  # The generated policy names the commercial partition; GovCloud and China need theirs.
  responder_policy = replace(file(local.policy_file), "arn:aws:", "arn:${data.aws_partition.current.partition}:")
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "FirebreakBaseIdentity"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [var.trusted_principal_arn]
    }

    dynamic "condition" {
      for_each = var.external_id == null ? [] : [var.external_id]
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [condition.value]
      }
    }
  }
}

resource "aws_iam_role" "responder" {
  name               = var.role_name
  description        = "Firebreak incident response: contains EC2 instances when a responder asks in Slack"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  # Firebreak asks for 15-minute sessions; one hour is the least IAM allows as a maximum.
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_policy" "responder" {
  name        = var.role_name
  description = "Least privilege for Firebreak, generated from src/aws/permissions.ts (npm run iam:policy)"
  policy      = local.responder_policy
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "responder" {
  role       = aws_iam_role.responder.name
  policy_arn = aws_iam_policy.responder.arn
}
