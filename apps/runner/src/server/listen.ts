import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors.ts';

/** Listens on `host:port`; the usual reasons it cannot become one-line `UserError`s. */
export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve(server.address() as AddressInfo);
    });
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new UserError(`port ${port} is in use; pass --port`, 2, { cause: error });
    case 'EACCES':
      return new UserError(`port ${port} needs privileges this process lacks; pass --port`, 2, {
        cause: error,
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new UserError(
        `cannot listen on ${host}: no such address on this machine; pass --host`,
        2,
        { cause: error },
      );
    default:
      return error;
  }
}
