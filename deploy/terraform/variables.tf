variable "trusted_principal_arn" {
  description = "Firebreak's base identity, allowed to assume the role: an IAM role or user ARN (not an assumed-role session ARN)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[\\w+=,.@/-]+$", var.trusted_principal_arn))
    error_message = "Give an IAM role or user ARN, such as arn:aws:iam::111122223333:role/firebreak-bot."
  }
}

variable "external_id" {
  description = "If set, the trust policy requires this sts:ExternalId. Firebreak does not send one yet, so leave it null unless the role is assumed through something that does."
  type        = string
  default     = null

  validation {
    condition     = var.external_id == null || can(regex("^[\\w+=,.@:/-]{2,1224}$", var.external_id))
    error_message = "An external id is 2 to 1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "role_name" {
  description = "The role's name. FIREBREAK_ROLE_ARN must use the same name, and so must the base identity's sts:AssumeRole resource."
  type        = string
  default     = "firebreak-responder"
}

variable "policy_file" {
  description = "Path to the generated policy. Null means docs/iam-policy.json in this repository."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the role and the policy."
  type        = map(string)
  default     = {}
}
