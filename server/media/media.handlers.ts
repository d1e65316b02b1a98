import type { CommandHandlers } from '../realtime/commands.ts';
import type { MediaService } from './media.service.ts';

type MediaCommands = 'media:token' | 'hand:raise' | 'hand:lower' | 'stage:invite' | 'stage:dismiss' | 'track:mute' | 'participant:remove';

export function mediaHandlers(deps: { media: MediaService }): Pick<CommandHandlers, MediaCommands> {
  const { media } = deps;
  return {
    async 'media:token'({ actor }, { sessionId }) {
      return { result: await media.token(actor, sessionId) };
    },
    async 'hand:raise'({ actor }, { sessionId }) {
      return media.raiseHand(actor, sessionId);
    },
    async 'hand:lower'({ actor }, { sessionId }) {
      return media.lowerHand(actor, sessionId);
    },
    async 'stage:invite'({ actor }, input) {
      return media.invite(actor, input);
    },
    async 'stage:dismiss'({ actor }, input) {
      return media.dismiss(actor, input);
    },
    async 'track:mute'({ actor }, input) {
      return { result: await media.muteTrack(actor, input) };
    },
    async 'participant:remove'({ actor }, input) {
      return media.removeParticipant(actor, input);
    },
  };
}
