import type { CommandHandlers } from '../realtime/commands.ts';
import type { TranscriptsService } from './transcripts.service.ts';

export function transcriptHandlers(deps: { transcripts: TranscriptsService }): Pick<CommandHandlers, 'caption:post' | 'transcript:stream'> {
  const { transcripts } = deps;
  return {
    'caption:post': ({ actor }, input) => transcripts.postCaption(actor, input),
    'transcript:stream': ({ actor }, input) => transcripts.ingestStream(actor, input),
  };
}
