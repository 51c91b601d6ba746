output "role_arn" {
  description = "The responder role in this account."
  value       = aws_iam_role.responder.arn
}

output "policy_arn" {
  description = "The managed policy attached to the role."
  value       = aws_iam_policy.responder.arn
}

output "firebreak_role_arn" {
  description = "The value for FIREBREAK_ROLE_ARN, the same in every account where this role is deployed."
  value       = "arn:${data.aws_partition.current.partition}:iam::{account}:role/${aws_iam_role.responder.name}"
}

output "base_identity_policy_json" {
  description = "A policy for the base identity allowing it to assume this role (add each account's role ARN, or use npm run iam:policy -- --base)."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "CrossAccountAssumeRole"
      Effect   = "Allow"
      Action   = ["sts:AssumeRole"]
      Resource = aws_iam_role.responder.arn
    }]
  })
}
