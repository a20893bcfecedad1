import { HttpError, type Transformer } from "grammy";
import type { Logger } from "pino";
import { describeError } from "../logger.ts";

/** Calls that leave a message in a chat: one repeated after a dropped connection may show twice. */
const SENDS = /^(send|copy|forward)/;

export interface NetworkRetryOptions {
  /** Tries per call, the first included. */
  attempts?: number;
  /** The longest one call may take, all its tries and waits included. */
  deadlineMs?: number;
  /** The wait before the first retry; doubled for each further one. */
  firstDelayMs?: number;
}

/**
 * Tries a call again when the network failed it (no answer from Telegram: refused, reset, timed out),
 * a bounded number of times within an overall deadline, then lets the error through: with Telegram
 * unreachable, start-up fails with one line and a stop completes, instead of waiting forever.
 * Long polling (getUpdates) is left to the runner, which has its own back-off and is stopped by its
 * signal.
 *
 * Delivery is at least once: a send whose connection dropped may have reached Telegram, which has no
 * idempotency key, and is sent again; the user may then see a message twice, never none (README,
 * "Delivery"). Edits and drafts are idempotent; repeating them is harmless.
 */
export function retryNetworkErrors(
  logger: Logger,
  { attempts = 3, deadlineMs = 20_000, firstDelayMs = 500 }: NetworkRetryOptions = {},
): Transformer {
  return async (prev, method, payload, signal) => {
    if (method === "getUpdates") return prev(method, payload, signal);
    const deadline = Date.now() + deadlineMs;
    let delay = firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        const retry =
          error instanceof HttpError &&
          !signal?.aborted &&
          attempt < attempts &&
          Date.now() + delay < deadline;
        if (!retry) throw error;
        if (SENDS.test(method))
          logger.warn(
            { method, attempt, error: describeError(error) },
            "a send failed on the network and may have been delivered; sending again (at least once)",
          );
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  };
}
