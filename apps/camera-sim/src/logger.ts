/** The little the simulator logs; the CLI passes pino, tests pass nothing (silent). */
export interface SimLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const SILENT_LOGGER: SimLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
