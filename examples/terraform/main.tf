# certplane with Terraform: a storefront domain whose certificate Terraform manages, and a second
# domain that gets certplane's automatic Let's Encrypt certificate. See the README, "Terraform provider".
#
#   export CERTPLANE_ENDPOINT=http://127.0.0.1:4000
#   export CERTPLANE_TOKEN=cpt_...   # scopes read, write (+ certificates:read_private_key for the key)
#   terraform init && terraform apply -var zone=example.com

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
  description = "DNS zone the hostnames live in."
  type        = string
}

variable "app" {
  description = "certplane app (name or id) the domains belong to; create it with the createApp mutation."
  type        = string
  default     = "shop"
}

# endpoint and token fall back to CERTPLANE_ENDPOINT and CERTPLANE_TOKEN.
provider "certplane" {}

resource "certplane_domain" "www" {
  app         = var.app
  common_name = "www.${var.zone}"
  canonical   = true
  # The certificate below holds the domain's certificate slot, so certplane's automatic one is off.
  letsencrypt_enabled = false
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

resource "certplane_domain" "shop" {
  app         = var.app
  common_name = "shop.${var.zone}"
}

data "certplane_certificate" "shop" {
  count  = certplane_domain.shop.letsencrypt_status == "ISSUED" ? 1 : 0
  domain = certplane_domain.shop.id
}

output "dns_to_create" {
  description = "Records to create at your DNS host for the shop domain, and the _acme-challenge name to delegate."
  value       = certplane_domain.shop.dns_requirements
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
