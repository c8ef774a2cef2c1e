import { certificateDataSource } from './data-sources/certificate.js';
import { domainCheckDataSource } from './data-sources/domain-check.js';
import { domainDataSource } from './data-sources/domain.js';
import { zoneDataSource } from './data-sources/zone.js';
import type { ProviderDefinition } from './protocol/provider-service.js';
import { appResource } from './resources/app.js';
import { certificateResource } from './resources/certificate.js';
import { customCertificateResource } from './resources/custom-certificate.js';
import { domainResource } from './resources/domain.js';
import { zoneResource } from './resources/zone.js';

/** Everything the certplane provider offers. */
export const providerDefinition: ProviderDefinition = {
  resources: [appResource, domainResource, certificateResource, customCertificateResource, zoneResource],
  dataSources: [domainDataSource, certificateDataSource, domainCheckDataSource, zoneDataSource],
};
