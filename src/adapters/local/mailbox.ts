import type { EmailSender, StoredEmail } from '../../notifications/email';

/**
 * The email stand-in for `npm start` and tests: keeps what would have been sent, in memory, for
 * the dev-only mailbox page. Bounded (the oldest go first), since a long-running local platform
 * keeps sending notices.
 */
export function createLocalMailbox(options: { capacity?: number; now?: () => Date } = {}) {
  const capacity = options.capacity ?? 200;
  const now = options.now ?? (() => new Date());
  const messages: StoredEmail[] = [];
  let counter = 0;

  const sender: EmailSender = {
    async send(message) {
      counter += 1;
      // Ids that sort and that a person can read in the page's URL.
      const id = `m${String(counter).padStart(6, '0')}`;
      messages.push({ ...message, id, receivedAt: now().toISOString() });
      if (messages.length > capacity) messages.splice(0, messages.length - capacity);
      return { messageId: id };
    },
  };

  return {
    sender,
    /** Newest first. */
    list: (): readonly StoredEmail[] => [...messages].reverse(),
    get: (id: string): StoredEmail | undefined => messages.find((m) => m.id === id),
  };
}

export type LocalMailbox = ReturnType<typeof createLocalMailbox>;
/** What the dev page reads: the mailbox without its sender. */
export type MailboxReader = Pick<LocalMailbox, 'list' | 'get'>;
