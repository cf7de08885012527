/**
 * The validator in the shapes Node's `http`, Express and Fastify expect. Each answers 403 on refusal (the reason goes
 * to the logger, the body stays generic) and makes the accepted certificate available through
 * `clientCertificateOf(req)`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientCertificateInfo } from './certificate.js';
import {
  createClientCertValidator,
  type ClientCertValidation,
  type ClientCertValidator,
  type ClientCertValidatorOptions,
  type PeerCertificateSource,
} from './validator.js';

const accepted = new WeakMap<object, ClientCertificateInfo>();

/** The certificate the middleware accepted for this request (Node/Express request, or Fastify's request or `request.raw`). */
export function clientCertificateOf(req: object): ClientCertificateInfo | undefined {
  const direct = accepted.get(req);
  if (direct) return direct;
  const raw = (req as { raw?: unknown }).raw;
  return typeof raw === 'object' && raw !== null ? accepted.get(raw) : undefined;
}

export interface AdapterOptions {
  /** Put the refusal reason in the 403 body (default false: the reason is logged, the caller learns nothing). */
  exposeReason?: boolean;
}

function toValidator(config: ClientCertValidatorOptions | ClientCertValidator): ClientCertValidator {
  return typeof config === 'function' ? config : createClientCertValidator(config);
}

function validateRequest(validator: ClientCertValidator, req: IncomingMessage): ClientCertValidation {
  const socket = req.socket as unknown as PeerCertificateSource;
  const result = validator({ socket, headers: req.headers, ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}) });
  if (result.ok) accepted.set(req, result.certificate);
  return result;
}

function refusalBody(result: { reason: string }, options: AdapterOptions): string {
  return options.exposeReason ? `Forbidden: ${result.reason}\n` : 'Forbidden: client certificate not accepted\n';
}

function sendForbidden(res: ServerResponse, body: string): void {
  res.statusCode = 403;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Wraps a Node `http`/`https` request listener. */
export function httpMiddleware(
  config: ClientCertValidatorOptions | ClientCertValidator,
  listener: RequestListener,
  options: AdapterOptions = {},
): RequestListener {
  const validator = toValidator(config);
  return (req, res) => {
    const result = validateRequest(validator, req);
    if (!result.ok) sendForbidden(res, refusalBody(result, options));
    else listener(req, res);
  };
}

/** Express (4 and 5) middleware: `app.use(expressMiddleware({...}))`. */
export function expressMiddleware(
  config: ClientCertValidatorOptions | ClientCertValidator,
  options: AdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const validator = toValidator(config);
  return (req, res, next) => {
    const result = validateRequest(validator, req);
    if (!result.ok) sendForbidden(res, refusalBody(result, options));
    else next();
  };
}

/** The slices of Fastify's types the plugin touches (Fastify stays an optional peer, not a dependency). */
export interface FastifyLikeRequest {
  raw: IncomingMessage;
}
export interface FastifyLikeReply {
  code(status: number): FastifyLikeReply;
  header(name: string, value: string): FastifyLikeReply;
  send(payload: string): unknown;
}
export interface FastifyLikeInstance {
  addHook(name: 'onRequest', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, done: (err?: Error) => void) => void): unknown;
}
export type FastifyLikePlugin = ((instance: FastifyLikeInstance, opts: unknown, done: (err?: Error) => void) => void) & {
  [key: symbol]: unknown;
};

/**
 * Fastify plugin registering an `onRequest` hook: `fastify.register(fastifyPlugin({...}))`. It skips Fastify's
 * encapsulation (as fastify-plugin does) so the hook guards every route of the instance it is registered on.
 */
export function fastifyPlugin(config: ClientCertValidatorOptions | ClientCertValidator, options: AdapterOptions = {}): FastifyLikePlugin {
  const validator = toValidator(config);
  const register = (instance: FastifyLikeInstance, _opts: unknown, done: (err?: Error) => void): void => {
    instance.addHook('onRequest', (request, reply, next) => {
      const result = validateRequest(validator, request.raw);
      if (!result.ok) {
        reply.code(403).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(refusalBody(result, options));
        return;
      }
      next();
    });
    done();
  };
  return Object.assign(register, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'azmtls-client-certificate',
  });
}
