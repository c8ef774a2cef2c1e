import { certificateDataSource } from './data-sources/certificate.js';
import { domainCheckDataSource } from './data-sources/domain-check.js';
import { domainDataSource } from './data-sources/domain.js';
import type { ProviderDefinition } from './protocol/provider-service.js';
import { certificateResource } from './resources/certificate.js';
import { customCertificateResource } from './resources/custom-certificate.js';
import { domainResource } from './resources/domain.js';

/** Everything the certplane provider offers. */
export const providerDefinition: ProviderDefinition = {
  resources: [domainResource, certificateResource, customCertificateResource],
  dataSources: [domainDataSource, certificateDataSource, domainCheckDataSource],
};
