import { Agent, type AgentOptions } from 'node:http';
import { Socket, type NetConnectOpts } from 'node:net';

/** Refuses a destination before any packet leaves; returns the reason, or null when allowed. */
export type DestinationCheck = (address: string) => string | null;

export class DestinationRefusedError extends Error {
  override name = 'DestinationRefusedError';
  readonly code = 'EDESTINATIONREFUSED';
}

export class ReplyTooLargeError extends Error {
  override name = 'ReplyTooLargeError';
  readonly code = 'EREPLYTOOLARGE';
}

/**
 * An http.Agent for talking to cameras. Every socket it opens is checked against the camera
 * network policy at connect time (whatever address a library derived from a camera's reply), and
 * a socket that receives more than `maxReplyBytes` is destroyed, so a hostile or broken camera
 * cannot make the service reach internal hosts or buffer without bound.
 */
export class GuardedAgent extends Agent {
  constructor(
    private readonly check: DestinationCheck,
    private readonly maxReplyBytes: number,
    options: AgentOptions = {},
  ) {
    super({ keepAlive: false, ...options });
    this.on('free', (socket: Socket) => this.received.set(socket, 0));
  }

  private readonly received = new WeakMap<Socket, number>();

  override createConnection(options: NetConnectOpts): Socket {
    const host = 'host' in options && typeof options.host === 'string' ? options.host : '';
    const refusal = this.check(host);
    const socket = new Socket();
    if (refusal) {
      process.nextTick(() => socket.destroy(new DestinationRefusedError(`refused to connect to ${host}: ${refusal}`)));
      return socket;
    }
    // Counted per reply: a kept-alive socket starts again from zero when it returns to the pool.
    this.received.set(socket, 0);
    socket.on('data', (chunk: Buffer) => {
      const received = (this.received.get(socket) ?? 0) + chunk.length;
      this.received.set(socket, received);
      if (received > this.maxReplyBytes) {
        socket.destroy(new ReplyTooLargeError(`camera reply exceeded ${this.maxReplyBytes} bytes`));
      }
    });
    socket.connect(options);
    // Returned, not passed to the callback: the agent accepts either, and doing both registers the socket twice.
    return socket;
  }
}
