import type { Dialogs } from '../../src-main/files/request-files.js';

/** Stands in for the native dialogs: answers with the paths a test queued, as a user would pick them. */
export class QueuedDialogs implements Dialogs {
  readonly answers: (string | undefined)[] = [];
  readonly asked: string[] = [];

  chooseOpenPath({ title }: { title: string }): Promise<string | undefined> {
    this.asked.push(title);
    return Promise.resolve(this.answers.shift());
  }

  chooseSavePath({
    title,
    defaultName,
  }: {
    title: string;
    defaultName: string;
  }): Promise<string | undefined> {
    this.asked.push(`${title} [${defaultName}]`);
    return Promise.resolve(this.answers.shift());
  }
}
