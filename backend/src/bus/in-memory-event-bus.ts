import { Injectable, Logger } from '@nestjs/common';
import { BusHandler, BusMessage, EventBus } from './event-bus';

/** The single-instance bus: synchronous, in-order delivery to every local subscriber. */
@Injectable()
export class InMemoryEventBus extends EventBus {
  private readonly logger = new Logger(InMemoryEventBus.name);
  private readonly handlers = new Set<BusHandler>();

  publish(message: BusMessage): Promise<void> {
    for (const handler of this.handlers) {
      try {
        handler(message);
      } catch (error) {
        // One faulty subscriber must not starve the others.
        this.logger.error(
          `bus subscriber failed on ${message.kind}`,
          error instanceof Error ? error.stack : String(error),
        );
      }
    }
    return Promise.resolve();
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
