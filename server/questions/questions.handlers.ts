import type { CommandHandlers } from '../realtime/commands.ts';
import type { QuestionsService } from './questions.service.ts';

export function questionHandlers(deps: { questions: QuestionsService }): Pick<CommandHandlers, 'question:ask' | 'question:moderate'> {
  const { questions } = deps;
  return {
    'question:ask': ({ actor }, input) => questions.ask(actor, input),
    'question:moderate': ({ actor }, input) => questions.moderate(actor, input),
  };
}
