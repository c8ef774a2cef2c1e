# certplane with Terraform: a storefront domain (www) whose certificate Terraform manages, and a shop
# domain that gets certplane's automatic Let's Encrypt certificate. See the README, "Terraform provider".
#
#   export CERTPLANE_ENDPOINT=http://127.0.0.1:4000
#   export CERTPLANE_TOKEN=cpt_...   # scopes read, write (+ certificates:read_private_key for the key)
#   terraform init                   # with the filesystem mirror only: see below
#   terraform apply -var zone=example.org   # your zone; www.<zone> and shop.<zone> are managed
#
# The domains belong to the existing app var.app (default "shop"); with -var create_app=true Terraform
# creates it (certplane_app). -var import_zone=true claims the zone too (certplane_zone) and prints the TXT
# record that proves control (zone_verification_record).
#
# `terraform init` is for a provider installed from the filesystem mirror (a `filesystem_mirror` block in
# the CLI configuration): it copies the provider and pins it in .terraform.lock.hcl, once per directory.
# With `dev_overrides` skip it: Terraform runs the overridden provider directly, and init fails (it looks
# certplane/certplane up in the public registry, which does not have it). Go straight to plan or apply.
#
# certplane orders shop's automatic certificate once a DNS check finds shop.<zone> pointing at the
# platform: create the records of the `dns_records` output at your DNS host (www's too, for it to be
# served). The www certificate is ordered at apply, which waits until it is issued (its create timeout).

terraform {
  required_version = ">= 1.0"
  required_providers {
    certplane = {
      source  = "certplane/certplane"
      version = "~> 0.1"
    }
  }
}

variable "zone" {
  description = "Your DNS zone: the example manages www.<zone> and shop.<zone>."
  type        = string
  default     = "example.com"
}

variable "app" {
  description = "certplane app the domains belong to: its name (or id). With create_app, the name of the app to create."
  type        = string
  default     = "shop"
}

variable "create_app" {
  description = "Create the app here (certplane_app.shop) instead of using an existing one named var.app."
  type        = bool
  default     = false
}

variable "import_zone" {
  description = <<-EOT
    Claim var.zone in certplane (certplane_zone.main): the zone_verification_record output is the TXT
    record proving you control it. A platform that requires zones (CERTPLANE_REQUIRE_ZONES) takes domains
    only under a verified zone: apply with this on, create the record, then set wait_for_zone_verification.
  EOT
  type        = bool
  default     = false
}

variable "wait_for_zone_verification" {
  description = "With import_zone: apply checks the zone until it is VERIFIED (its TXT record found), failing after 10 minutes."
  type        = bool
  default     = false
}

variable "read_shop_certificate" {
  description = <<-EOT
    Read shop's automatic certificate into data.certplane_certificate.shop and the shop_certificate_*
    outputs. It exists only once DNS points at the platform and the order went through, which Terraform
    cannot know when it plans, so it is a switch of yours rather than a count on letsencrypt_status (a
    value known only after apply). Set it to true once `terraform plan -refresh-only` shows
    letsencrypt_status = "ISSUED" for certplane_domain.shop; reading it earlier fails the plan.
  EOT
  type        = bool
  default     = false
}

variable "shop_certificate_pem" {
  description = <<-EOT
    Your own certificate for shop.<zone> (its chain, PEM), served instead of certplane's automatic one,
    e.g. TF_VAR_shop_certificate_pem="$(cat shop.crt)". null (the default) leaves it out. To renew it,
    set the newer certificate and key: apply imports them in place.
  EOT
  type        = string
  default     = null
}

variable "shop_private_key_pem" {
  description = "The private key of shop_certificate_pem, PEM (e.g. TF_VAR_shop_private_key_pem=\"$(cat shop.key)\")."
  type        = string
  default     = null
  sensitive   = true
}

# endpoint and token fall back to CERTPLANE_ENDPOINT and CERTPLANE_TOKEN.
provider "certplane" {}

# Only with create_app. Its default_domain is <name>.<platform domain> when the platform has one.
resource "certplane_app" "shop" {
  count = var.create_app ? 1 : 0
  name  = var.app
}

# Only with import_zone. Its verification record name is known at plan, its value after the first apply.
resource "certplane_zone" "main" {
  count                 = var.import_zone ? 1 : 0
  name                  = var.zone
  wait_for_verification = var.wait_for_zone_verification
}

locals {
  # The created app by id, which stays the same when the app is renamed; otherwise the existing app.
  app = var.create_app ? certplane_app.shop[0].id : var.app
}

resource "certplane_domain" "www" {
  app         = local.app
  common_name = "www.${var.zone}"
  canonical   = true
  # The certificate below holds the domain's certificate slot, so certplane's automatic one is off.
  letsencrypt_enabled = false
  # Where zones are required, a domain needs its verified zone first (and is removed before it).
  depends_on = [certplane_zone.main]
}

resource "certplane_certificate" "www" {
  domain            = certplane_domain.www.id
  sans              = ["www.${var.zone}"]
  key_type          = "ECDSA_P256"
  revoke_on_destroy = true

  timeouts {
    create = "15m"
  }
}

# letsencrypt_enabled defaults to true: certplane orders, installs and renews this domain's certificate.
resource "certplane_domain" "shop" {
  app         = local.app
  common_name = "shop.${var.zone}"
  depends_on  = [certplane_zone.main]
}

data "certplane_certificate" "shop" {
  count  = var.read_shop_certificate ? 1 : 0
  domain = certplane_domain.shop.id
}

# Only with shop_certificate_pem set. It serves once shop.<zone> points at the platform, or before that
# once the TXT record of the shop_ownership_record output exists (its status goes from PENDING_OWNERSHIP
# to ISSUED; see the shop_dns_check output).
resource "certplane_custom_certificate" "shop" {
  count           = var.shop_certificate_pem == null ? 0 : 1
  domain_id       = certplane_domain.shop.id
  certificate_pem = var.shop_certificate_pem
  private_key_pem = var.shop_private_key_pem
}

# Looks at shop's DNS at every plan and says what to change.
data "certplane_domain_check" "shop" {
  domain_id = certplane_domain.shop.id
}

output "zone_verification_record" {
  description = "null unless import_zone is true: the TXT record to create at your DNS host to prove you control var.zone."
  value = one([for z in certplane_zone.main : {
    name   = z.verification_record_name
    type   = z.verification_record_type
    value  = z.verification_record_value
    status = z.status
  }])
}

output "dns_records" {
  description = "Records to create at your DNS host, by hostname."
  value       = { for d in [certplane_domain.www, certplane_domain.shop] : d.common_name => d.dns_requirements.records }
}

output "shop_acme_challenge_record" {
  description = "The _acme-challenge name to delegate (CNAME) to certplane when shop's DNS is hosted elsewhere."
  value       = certplane_domain.shop.dns_requirements.acme_challenge_record
}

output "shop_ownership_record" {
  description = "The TXT record proving you control shop.<zone> (activates a custom certificate before DNS points here)."
  value = {
    name  = certplane_domain.shop.ownership_record_name
    type  = "TXT"
    value = certplane_domain.shop.ownership_app_value
  }
}

output "shop_dns_check" {
  description = "What certplane's DNS check of shop.<zone> found: whether it points at the platform, and each fix to make."
  value = {
    dns_configured = data.certplane_domain_check.shop.dns_configured
    fixes          = data.certplane_domain_check.shop.validation_errors[*].fix
  }
}

output "shop_custom_certificate_status" {
  description = "null unless shop_certificate_pem is set."
  value       = one(certplane_custom_certificate.shop[*].status)
}

output "www_certificate_expires_at" {
  value = certplane_certificate.www.expires_at
}

output "www_certificate_pem" {
  value = certplane_certificate.www.certificate_pem
}

output "www_private_key_pem" {
  value     = certplane_certificate.www.private_key_pem
  sensitive = true
}

output "shop_certificate_expires_at" {
  description = "null until read_shop_certificate is true."
  value       = one(data.certplane_certificate.shop[*].expires_at)
}

output "shop_certificate_pem" {
  description = "null until read_shop_certificate is true."
  value       = one(data.certplane_certificate.shop[*].certificate_pem)
}
