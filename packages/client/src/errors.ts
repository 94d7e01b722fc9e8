/** An error the daemon answered with: Docker's `{"message": ...}` plus the HTTP status. */
export class ApiError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The daemon could not be reached at all: socket missing or refused, or not
 * ours to open (then Docker's permission wording, not "is it running?").
 */
export class ConnectionError extends Error {
  constructor(readonly hostUrl: string, override readonly cause: Error) {
    super((cause as NodeJS.ErrnoException).code === 'EACCES' || (cause as NodeJS.ErrnoException).code === 'EPERM'
      ? `permission denied while trying to connect to the quai daemon socket at ${hostUrl}: ${socketPathOf(hostUrl)}connect: permission denied`
      : `Cannot connect to the quai daemon at ${hostUrl}. Is the quai daemon running?`);
    this.name = 'ConnectionError';
  }
}

// Go's dial error names the socket: "dial unix /run/quai/quai.sock: connect: permission denied".
function socketPathOf(hostUrl: string): string {
  return hostUrl.startsWith('unix://') ? `dial unix ${hostUrl.slice('unix://'.length)}: ` : '';
}

/** Docker sends `{"message": "..."}`; older or foreign servers may send plain text. */
export function decodeErrorBody(statusCode: number, body: string): ApiError {
  let message = body.trim();
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (parsed && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not JSON: keep the text
  }
  if (!message) message = `HTTP ${statusCode}`;
  return new ApiError(statusCode, message);
}
