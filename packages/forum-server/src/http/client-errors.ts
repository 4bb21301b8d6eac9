import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { HostErrorCode } from '../errors.js';
import { t } from '../i18n.js';

/**
 * Requests Node's HTTP parser refuses before Koa sees them (a request line and headers over
 * Node's 16 KiB, malformed HTTP) are still answered `{error: {code, message}}`, like every other
 * refusal, instead of Node's bare status line with no body.
 */
export function answerClientErrorsWithJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({
      error: tooLarge
        ? { code: HostErrorCode.headersTooLarge, message: t('forum.errors.headers_too_large') }
        : { code: HostErrorCode.invalidRequest, message: t('forum.errors.not_http') },
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
