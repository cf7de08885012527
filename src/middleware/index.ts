/**
 * `azmtls/middleware`: validates client certificates inside Node apps, from the TLS socket or from the
 * `X-ARR-ClientCert` header App Service's front end forwards (it only forwards; validating is the app's job).
 */
export {
  createClientCertValidator,
  type AllowedSubjects,
  type CertificateInput,
  type ClientCertLogEntry,
  type ClientCertLogger,
  type ClientCertRequestInput,
  type ClientCertValidation,
  type ClientCertValidator,
  type ClientCertValidatorOptions,
  type PeerCertificateLike,
  type PeerCertificateSource,
} from './validator.js';
export {
  httpMiddleware,
  expressMiddleware,
  fastifyPlugin,
  clientCertificateOf,
  type AdapterOptions,
  type RequestListener,
  type FastifyLikeInstance,
  type FastifyLikePlugin,
  type FastifyLikeReply,
  type FastifyLikeRequest,
} from './adapters.js';
export { decodeHeaderCertificate, type ClientCertificateInfo } from './certificate.js';
export { parsePin, type Pin, type PinKind } from './pins.js';
export type { TrustedFrontEndOptions } from './front-end.js';
