/**
 * The one wire contract between browser and server: every event, its payload schema and its ack type.
 * Commands are `noun:verb` in the imperative and always acked; broadcasts are past tense.
 */
import type { z } from 'zod';
import type { AckCallback } from './errors.ts';
import {
  QuestionAskInput,
  QuestionModerateInput,
  VoteSetInput,
  type AuditEntry,
  type OwnQuestion,
  type PublicQuestion,
  type StaffQuestion,
  type VoteResult,
} from './schemas/question.ts';
import {
  ParticipantRemoveInput,
  StageTarget,
  TrackMuteInput,
  type MediaToken,
  type MyStage,
  type SessionMedia,
  type StageChange,
} from './schemas/media.ts';
import { SessionRef, SessionTransitionInput, type Session } from './schemas/session.ts';
import type { FollowupView } from './schemas/followup.ts';
import { PollCreateInput, PollRef, PollVoteInput, type Poll } from './schemas/poll.ts';
import { CaptionPostInput, TranscriptStreamInput, type Caption, type Segment } from './schemas/transcript.ts';

/** What a client sees of a session when it joins or resyncs; `version` orders it against later broadcasts. */
export type Snapshot =
  | { view: 'public'; session: Session; version: number; questions: PublicQuestion[]; mine: OwnQuestion[]; myVotes: number[] }
  | {
      view: 'staff';
      session: Session;
      version: number;
      questions: StaffQuestion[];
      mine: OwnQuestion[];
      myVotes: number[];
      audit: AuditEntry[];
    };

/** Each command's payload schema; the server validates every incoming payload with exactly these. */
export const COMMAND_SCHEMAS = {
  'session:join': SessionRef,
  'session:leave': SessionRef,
  'session:transition': SessionTransitionInput,
  'question:ask': QuestionAskInput,
  'question:moderate': QuestionModerateInput,
  'vote:set': VoteSetInput,
  'media:token': SessionRef,
  'hand:raise': SessionRef,
  'hand:lower': SessionRef,
  'stage:invite': StageTarget,
  'stage:dismiss': StageTarget,
  'track:mute': TrackMuteInput,
  'participant:remove': ParticipantRemoveInput,
  'caption:post': CaptionPostInput,
  'transcript:stream': TranscriptStreamInput,
  'poll:list': SessionRef,
  'poll:create': PollCreateInput,
  'poll:open': PollRef,
  'poll:close': PollRef,
  'poll:vote': PollVoteInput,
} as const;
export type CommandName = keyof typeof COMMAND_SCHEMAS;
export const COMMAND_NAMES = Object.keys(COMMAND_SCHEMAS) as CommandName[];

export interface CommandResults {
  'session:join': Snapshot;
  'session:leave': null;
  'session:transition': Session;
  'question:ask': OwnQuestion;
  'question:moderate': StaffQuestion;
  'vote:set': VoteResult;
  'media:token': MediaToken;
  'hand:raise': MyStage;
  'hand:lower': MyStage;
  'stage:invite': StageChange;
  'stage:dismiss': StageChange;
  'track:mute': null;
  'participant:remove': StageChange;
  'caption:post': Segment;
  'transcript:stream': { stored: boolean };
  'poll:list': { polls: Poll[]; mine: Record<number, number[]> };
  'poll:create': Poll;
  'poll:open': Poll;
  'poll:close': Poll;
  'poll:vote': { pollId: number; optionIds: number[] };
}

export type CommandInput<N extends CommandName> = z.input<(typeof COMMAND_SCHEMAS)[N]>;

export type ClientToServerEvents = {
  [N in CommandName]: (payload: CommandInput<N>, ack: AckCallback<CommandResults[N]>) => void;
};

/** A versioned change to one session, as seen by one audience (public or staff). */
interface Versioned {
  sessionId: number;
  version: number;
}

export interface ServerToClientEvents {
  /** `audit` only in the staff feed: the log entry for the change. */
  'session:changed': (event: Versioned & { session: Session; audit?: AuditEntry }) => void;
  'question:changed': (event: Versioned & { question: PublicQuestion | StaffQuestion; audit?: AuditEntry }) => void;
  'question:removed': (event: Versioned & { questionId: number }) => void;
  /** Coalesced vote counts: `[questionId, votes]` pairs for the questions whose count changed. */
  'votes:tallied': (event: Versioned & { counts: Array<[number, number]> }) => void;
  /** Unversioned news for one resident about their own question (approved, rejected with reason, answered). */
  'question:mine': (event: { question: OwnQuestion }) => void;
  /** Unversioned news for one resident about their own question's follow-up: assigned, handed over, answered in writing. */
  'followup:mine': (event: { view: FollowupView }) => void;
  /** Unversioned and whole each time, so a missed one is repaired by the next: a session's video as staff see it. */
  'media:changed': (event: SessionMedia) => void;
  /** A poll's whole state; keep the highest `revision`, whatever order messages arrive in. */
  'poll:changed': (event: Poll) => void;
  /** A caption to show under the video now; the final ones are also stored in the transcript. */
  'caption:shown': (event: Caption) => void;
  /** Unversioned news for one resident about their own hand and place on stage. */
  'stage:mine': (event: MyStage) => void;
}
