import type { LoggedConversation } from "./logged-conversation.js";

/**
 * Collapses records that share an id into one conversation: logs written call by call repeat the history in every
 * call, so the record with the most messages (the last on a tie) holds the whole conversation. Feedback fields of the
 * dropped records are kept when the survivor has none. First-seen order of ids is kept.
 */
export function keepLongestConversations(records: readonly LoggedConversation[]): LoggedConversation[] {
  const byId = new Map<string, LoggedConversation>();
  for (const record of records) {
    const kept = byId.get(record.id);
    if (kept === undefined) {
      byId.set(record.id, record);
      continue;
    }
    const [longer, shorter] = record.messages.length >= kept.messages.length ? [record, kept] : [kept, record];
    byId.set(record.id, {
      ...shorter,
      ...longer,
      aliases: [...new Set([...(kept.aliases ?? []), ...(record.aliases ?? [])])],
    });
  }
  return [...byId.values()].map((conversation) =>
    conversation.aliases?.length === 0 ? withoutAliases(conversation) : conversation,
  );
}

function withoutAliases(conversation: LoggedConversation): LoggedConversation {
  const { aliases: _none, ...rest } = conversation;
  return rest;
}
