/**
 * The few log calls the server makes; injected so tests stay quiet. Production logs are one JSON object per line:
 *   {"time":"2026-11-23T09:30:00.000Z","level":"info","msg":"request","method":"POST","path":"/sync/sales/0/push",...}
 * Fields never carry secrets: no tokens, PINs, enrollment codes, request bodies or query strings.
 */
export interface Logger {
  /** Optional: probes (/health, /ready) are logged at this level when present. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** JSON lines at `level` and above, written by `write` (stdout by default; warn and error to stderr). */
export function createJsonLogger({
  level = 'info',
  now = () => new Date(),
  write = (line: string, lvl: LogLevel) => (lvl === 'warn' || lvl === 'error' ? process.stderr : process.stdout).write(`${line}\n`),
}: {
  level?: LogLevel;
  now?: () => Date;
  write?: (line: string, level: LogLevel) => void;
} = {}): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (rank[lvl] < rank[level]) return;
    write(JSON.stringify({ time: now().toISOString(), level: lvl, msg, ...fields }), lvl);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const consoleLogger: Logger = createJsonLogger();

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
