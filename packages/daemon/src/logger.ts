/** Levelled log lines on stderr, as dockerd prints them. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export function createLogger(level: LogLevel = 'info'): Logger {
  const min = Math.max(0, ORDER.indexOf(level));
  const at = (l: LogLevel) => (msg: string) => {
    if (ORDER.indexOf(l) >= min) process.stderr.write(`time="${new Date().toISOString()}" level=${l} msg=${JSON.stringify(msg)}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
