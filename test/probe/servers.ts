/**
 * Real servers on loopback for the probe and middleware tests: Node TLS servers in several client-certificate modes and
 * a reverse proxy that behaves like App Service's front end.
 */
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest, type ServerOptions } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { IssuedCertificate } from '../../src/probe/certs.js';

export interface Running {
  url: string;
  port: number;
  close: () => Promise<void>;
}

async function listen(server: Server | ReturnType<typeof createTcpServer>, scheme: string, host = '127.0.0.1'): Promise<Running> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startHttps(options: ServerOptions, handler: RequestListener): Promise<Running> {
  return listen(createHttpsServer(options, handler), 'https');
}

export function startHttp(handler: RequestListener, host = '127.0.0.1'): Promise<Running> {
  return listen(createHttpServer(handler), 'http', host);
}

/** Accepts TCP connections and never answers: a hung endpoint. */
export function startSilentTcp(): Promise<Running> {
  return listen(createTcpServer(() => undefined), 'https');
}

export const ok = (body = 'ok'): RequestListener => (_req, res) => {
  res.end(body);
};

/** The leaf the TLS client presented, or undefined. */
export function peerLeaf(req: IncomingMessage): Buffer | undefined {
  const socket = req.socket as TLSSocket;
  const cert = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  return cert && cert.raw ? cert.raw : undefined;
}

export interface AppServiceProxyOptions {
  /** Server certificate of the front end. */
  server: IssuedCertificate;
  /** `Required`: 403 without a certificate; `Optional`: forward either way; `Ignore`: never ask for one. */
  mode: 'Required' | 'Optional' | 'Ignore';
  /** The app behind the front end (`http://…` or `https://…`). */
  upstream: string;
  /** Path prefixes where a certificate is not required (App Service's clientCertExclusionPaths). */
  exclusionPaths?: string[];
  /** Pass a client-sent X-ARR-ClientCert through (a careless front end) instead of stripping it. */
  passClientHeader?: boolean;
  /** Source address of the connections to the app (loopback has all of 127/8: the proxy is 127.0.0.2). */
  localAddress?: string;
  /** A secret header the front end adds. */
  secretHeader?: { name: string; value: string };
  /** Client certificate the front end presents to an https upstream. */
  upstreamClient?: IssuedCertificate;
  /** Trust anchor for an https upstream's server certificate. */
  upstreamCa?: string;
}

/**
 * Like App Service's front end: it asks for a client certificate in the handshake but does not validate it, answers 403
 * "Client Certificate Required" when one is required and missing, and forwards the leaf as base64 DER in X-ARR-ClientCert.
 */
export function startAppServiceProxy(options: AppServiceProxyOptions): Promise<Running> {
  const upstream = new URL(options.upstream);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const leaf = peerLeaf(req);
    const path = req.url ?? '/';
    const excluded = (options.exclusionPaths ?? []).some((p) => path.toLowerCase().startsWith(p.toLowerCase()));
    if (options.mode === 'Required' && !leaf && !excluded) {
      res.statusCode = 403;
      res.end('403 - Forbidden: Client Certificate Required');
      return;
    }
    const headers: Record<string, string | string[] | undefined> = { ...req.headers };
    if (!options.passClientHeader) delete headers['x-arr-clientcert'];
    if (leaf) headers['x-arr-clientcert'] = leaf.toString('base64');
    if (options.secretHeader) headers[options.secretHeader.name.toLowerCase()] = options.secretHeader.value;
    headers.host = upstream.host;
    const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
    const forward = send(
      {
        host: upstream.hostname,
        port: upstream.port,
        path,
        method: req.method,
        headers,
        agent: false,
        localAddress: options.localAddress ?? '127.0.0.2',
        ...(upstream.protocol === 'https:'
          ? {
              ca: options.upstreamCa,
              ...(options.upstreamClient ? { cert: options.upstreamClient.certPem, key: options.upstreamClient.keyPem } : {}),
            }
          : {}),
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', () => {
      res.statusCode = 502;
      res.end('bad gateway');
    });
    req.pipe(forward);
  };
  return startHttps(
    {
      cert: options.server.certPem,
      key: options.server.keyPem,
      requestCert: options.mode !== 'Ignore',
      rejectUnauthorized: false,
    },
    handler,
  );
}
