import pino, { type Logger } from 'pino';

/** Logs to stdout unless given a destination (a test that reads what would have been logged). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
