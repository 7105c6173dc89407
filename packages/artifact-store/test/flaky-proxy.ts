// A loopback HTTP proxy in front of a real S3 server that answers some requests with a
// transient error (503 SlowDown / 500 InternalError) and forwards the rest untouched, so a
// test can see the client retry. Host headers pass through unchanged: SigV4 signatures
// stay valid.
import { type IncomingMessage, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlakyProxy {
  endpoint: string;
  /** Every request seen: method, path with query, whether it was refused, when (ms). */
  log: Array<{ method: string; url: string; refused: boolean; at: number }>;
  close(): Promise<void>;
}

/** `refuse(req)` decides, per request, whether to answer it with a transient error. */
export async function startFlakyProxy(target: string, refuse: (req: IncomingMessage) => false | 503 | 500): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const log: FlakyProxy['log'] = [];
  const server = createServer((req, res) => {
    const status = refuse(req);
    log.push({ method: req.method ?? '', url: req.url ?? '', refused: status !== false, at: performance.now() });
    if (status !== false) {
      req.resume();
      const code = status === 503 ? 'SlowDown' : 'InternalError';
      res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>transient, try again</Message></Error>`);
      return;
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
