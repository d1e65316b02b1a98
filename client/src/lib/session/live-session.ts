import type { Ack } from '../../../../shared/errors.ts';
import type { ServerToClientEvents } from '../../../../shared/events.ts';
import type { OwnQuestion, QuestionAskInput, QuestionModerateInput, StaffQuestion } from '../../../../shared/schemas/question.ts';
import type { Session, SessionState } from '../../../../shared/schemas/session.ts';
import type { CaptionPostInput, Segment } from '../../../../shared/schemas/transcript.ts';
import { CaptionLines } from './captions.svelte.ts';
import { ResidentVotes } from './resident-votes.svelte.ts';
import { myFollowups } from '../followups/my-followups.svelte.ts';
import { SessionFeed, type FeedEvent } from './session-feed.svelte.ts';
import { command, getSocket } from '../core/socket.ts';

/**
 * A page's connection to one session: the feed wired to the socket, and the commands a page may send about it.
 * A connection the server could not recover joins again, because the server has forgotten that socket's rooms.
 */
export class LiveSession {
  readonly feed: SessionFeed;
  /** The captions shown under the video while someone speaks: the last two lines. */
  readonly captions: CaptionLines;
  readonly votes: ResidentVotes;
  readonly #detach: () => void;

  constructor(sessionId: number) {
    this.feed = new SessionFeed({ sessionId, join: () => command('session:join', { sessionId }) });
    this.captions = new CaptionLines(sessionId);
    this.votes = new ResidentVotes({
      feed: this.feed,
      connected: () => getSocket().connected,
      send: (questionId, value) => command('vote:set', { questionId, value }),
    });
    this.#detach = this.#attach();
  }

  #attach(): () => void {
    const socket = getSocket();
    const feed = this.feed;
    const forward =
      <T extends FeedEvent['type']>(type: T) =>
      (payload: Extract<FeedEvent, { type: T }>['payload']) =>
        feed.receive({ type, payload } as FeedEvent);
    // Media events are the media layer's to listen to; a page only needs these.
    const listeners: { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } = {
      'session:changed': forward('session:changed'),
      'question:changed': forward('question:changed'),
      'question:removed': forward('question:removed'),
      'votes:tallied': forward('votes:tallied'),
      'question:mine': ({ question }) => feed.receiveMine(question),
      'followup:mine': ({ view }) => myFollowups.receive(view),
      'caption:shown': (caption) => this.captions.receive(caption),
    };
    // After a short drop the server restores the socket's rooms and replays what it missed, in order, so the feed
    // carries on; after anything longer it joins again and takes a fresh snapshot. Votes tapped meanwhile go once the
    // feed knows the server's state, so one the server already has is not sent again.
    const onConnect = () => {
      if (socket.recovered && feed.status === 'ready') void this.votes.flush();
      else void feed.resync().then(() => this.votes.flush());
    };
    for (const [event, listener] of Object.entries(listeners)) socket.on(event as keyof ServerToClientEvents, listener!);
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    return () => {
      for (const [event, listener] of Object.entries(listeners)) socket.off(event as keyof ServerToClientEvents, listener!);
      socket.off('connect', onConnect);
      if (socket.connected) void command('session:leave', { sessionId: feed.sessionId });
    };
  }

  async ask(input: Omit<QuestionAskInput, 'sessionId'>): Promise<Ack<OwnQuestion>> {
    const ack = await command('question:ask', { ...input, sessionId: this.feed.sessionId });
    if (ack.ok) this.feed.receiveMine(ack.data);
    return ack;
  }

  moderate(input: QuestionModerateInput): Promise<Ack<StaffQuestion>> {
    return command('question:moderate', input);
  }

  postCaption(input: Omit<CaptionPostInput, 'sessionId'>): Promise<Ack<Segment>> {
    return command('caption:post', { ...input, sessionId: this.feed.sessionId });
  }

  transition(to: SessionState): Promise<Ack<Session>> {
    return command('session:transition', { sessionId: this.feed.sessionId, to });
  }

  close(): void {
    this.#detach();
  }
}
