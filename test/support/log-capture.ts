import pino, { type Logger } from 'pino';

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: Array<Record<string, unknown> & { level: number; msg: string }>;
}

/** A pino logger at `info` that keeps what it writes, for tests that check what the server tells its operator. */
export function captureLog(level = 'info'): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const logger = pino({ level, base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}
