/** The provider's release and its registry address (what `required_providers` names). */
export const PROVIDER_VERSION = '0.1.0';
export const PROVIDER_NAMESPACE = 'certplane';
export const PROVIDER_TYPE = 'certplane';
export const PROVIDER_ADDRESS = `registry.terraform.io/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;
