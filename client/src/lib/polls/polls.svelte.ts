import type { Ack, ErrorBody } from '../../../../shared/errors.ts';
import type { Poll, PollCreateInput } from '../../../../shared/schemas/poll.ts';
import { command, getSocket } from '../core/socket.ts';

/** Keeps the newer of two states of one poll: broadcasts may arrive out of order, the highest revision wins. */
export function newerPoll(current: Poll | undefined, incoming: Poll): Poll {
  return current && current.revision > incoming.revision ? current : incoming;
}

/** A poll option's share of the voters, 0–100, for the bar and the label. */
export function share(votes: number, voters: number): number {
  return voters === 0 ? 0 : Math.round((votes / voters) * 100);
}

/**
 * The polls of one session as this browser sees them, kept current from `poll:changed`; the resident's own choices
 * come from `poll:list` and from their votes. Staff see drafts too (the server decides by who asks).
 */
export class SessionPolls {
  polls = $state.raw<Poll[]>([]);
  mine = $state.raw<Record<number, number[]>>({});
  error = $state.raw<ErrorBody | null>(null);
  loaded = $state(false);
  readonly sessionId: number;
  readonly #detach: () => void;

  constructor(sessionId: number) {
    this.sessionId = sessionId;
    const socket = getSocket();
    const onChanged = (poll: Poll) => {
      if (poll.sessionId === this.sessionId) this.#put(poll);
    };
    // The server forgets a socket's rooms when it drops; the page's session feed joins again, we only re-read.
    const onConnect = () => void this.load();
    socket.on('poll:changed', onChanged);
    socket.on('connect', onConnect);
    if (socket.connected) void this.load();
    this.#detach = () => {
      socket.off('poll:changed', onChanged);
      socket.off('connect', onConnect);
    };
  }

  #put(poll: Poll): void {
    const index = this.polls.findIndex((p) => p.id === poll.id);
    if (index === -1) {
      this.polls = [...this.polls, poll].sort((a, b) => a.id - b.id);
      return;
    }
    const next = [...this.polls];
    next[index] = newerPoll(next[index], poll);
    this.polls = next;
  }

  async load(): Promise<void> {
    const ack = await command('poll:list', { sessionId: this.sessionId });
    if (!ack.ok) {
      this.error = ack.error;
      return;
    }
    this.error = null;
    for (const poll of ack.data.polls) this.#put(poll);
    this.mine = ack.data.mine;
    this.loaded = true;
  }

  async vote(pollId: number, optionIds: number[]): Promise<Ack<{ pollId: number; optionIds: number[] }>> {
    const ack = await command('poll:vote', { pollId, optionIds });
    if (ack.ok) this.mine = { ...this.mine, [pollId]: ack.data.optionIds };
    return ack;
  }

  async create(input: Omit<PollCreateInput, 'sessionId'>): Promise<Ack<Poll>> {
    const ack = await command('poll:create', { ...input, sessionId: this.sessionId });
    if (ack.ok) this.#put(ack.data);
    return ack;
  }

  async setStatus(pollId: number, to: 'open' | 'close'): Promise<Ack<Poll>> {
    const ack = await command(to === 'open' ? 'poll:open' : 'poll:close', { pollId });
    if (ack.ok) this.#put(ack.data);
    return ack;
  }

  close(): void {
    this.#detach();
  }
}
