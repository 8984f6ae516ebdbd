// Adapted from samples-typescript message-passing/introduction/src/workflows.ts (greetingWorkflow: a
// query, an approve signal, a setLanguage update, a handler that calls the greeting service by
// activity, and a wait for approval). The sample's setLanguageUsingActivity is an update; here it is
// a signal (the eval sends signals), its handler a named function. The async-mutex lock is left out,
// and the approved greeting is published by an activity after the wait.
import * as wf from '@temporalio/workflow';
import type * as activities from './activities';

export enum Language {
  ARABIC = 'ARABIC',
  CHINESE = 'CHINESE',
  ENGLISH = 'ENGLISH',
  FRENCH = 'FRENCH',
  HINDI = 'HINDI',
  PORTUGUESE = 'PORTUGUESE',
  SPANISH = 'SPANISH',
}

interface GetLanguagesInput {
  includeUnsupported: boolean;
}

interface ApproveInput {
  name: string;
}

export const getLanguages = wf.defineQuery<Language[], [GetLanguagesInput]>('getLanguages');
export const approve = wf.defineSignal<[ApproveInput]>('approve');
export const setLanguage = wf.defineUpdate<Language, [Language]>('changeLanguage');
export const setLanguageUsingActivity = wf.defineSignal<[Language]>('setLanguageUsingActivity');
export const getLanguage = wf.defineQuery<Language>('getLanguage');

const { callGreetingService, publishGreeting } = wf.proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export async function greetingWorkflow(): Promise<string> {
  const greetings: Partial<Record<Language, string>> = {
    [Language.CHINESE]: '你好，世界',
    [Language.ENGLISH]: 'Hello, world',
  };

  let approvedForRelease = false;
  let approverName: string | undefined;
  let language = Language.ENGLISH;

  wf.setHandler(getLanguages, (input: GetLanguagesInput): Language[] => {
    if (input.includeUnsupported) {
      return Object.values(Language);
    } else {
      return Object.keys(greetings) as Language[];
    }
  });

  wf.setHandler(approve, (input) => {
    approvedForRelease = true;
    approverName = input.name;
  });

  wf.setHandler(
    setLanguage,
    (newLanguage: Language) => {
      const previousLanguage = language;
      language = newLanguage;
      return previousLanguage;
    },
    {
      validator: (newLanguage: Language) => {
        if (!(newLanguage in greetings)) {
          throw new wf.ApplicationFailure(`${newLanguage} is not supported`);
        }
      },
    },
  );

  wf.setHandler(getLanguage, () => {
    return language;
  });

  async function fetchAndSetLanguage(newLanguage: Language): Promise<void> {
    if (!(newLanguage in greetings)) {
      const greeting = await callGreetingService(newLanguage);
      if (!greeting) {
        wf.log.warn(`${newLanguage} is not supported by the greeting service`);
        return;
      }
      greetings[newLanguage] = greeting;
    }
    language = newLanguage;
  }
  wf.setHandler(setLanguageUsingActivity, fetchAndSetLanguage);

  await wf.condition(() => approvedForRelease && wf.allHandlersFinished());
  await publishGreeting(greetings[language]!, approverName ?? 'nobody');
  return greetings[language]!;
}
