import type { Logger } from "pino";
import { describeError, redact } from "./logger.ts";

/** Something running that a stop lets finish what it has in flight: the bot, the web server. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** Past the grace period, what closing the stores may take before the process exits regardless. */
const HARD_STOP_MARGIN_MS = 1_000;

/**
 * SIGINT/SIGTERM stop everything running (answers in flight finish within `graceMs`), then close the
 * stores and exit 0. A stop that overruns (a store that does not answer) does not hold the process,
 * and a second signal exits at once.
 */
export function stopOnSignals(
  running: Stoppable[],
  close: () => Promise<void>,
  graceMs: number,
  logger: Logger,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(0);
    }
    stopping = true;
    logger.info({ signal }, "signal received");
    setTimeout(() => {
      logger.warn("stop overran SHUTDOWN_GRACE_MS; exiting now");
      process.exit(0);
    }, graceMs + HARD_STOP_MARGIN_MS).unref();
    Promise.all(running.map((r) => r.stop()))
      .catch((error: unknown) => logger.error({ error: describeError(error) }, "stop failed"))
      .then(close)
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Ends start-up with one line on standard error (and the log), never a stack trace or a secret. */
export function exitWithOneLine(logger: Logger, error: unknown, reason: string): never {
  logger.fatal({ error: describeError(error) }, reason);
  process.stderr.write(redact(`申报助手: ${reason}\n`));
  process.exit(1);
}
