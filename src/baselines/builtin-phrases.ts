/**
 * Phrases the `random-edit` baseline draws from when no corpus is given: generic sentences of the kind system prompts
 * contain, deliberately unrelated to any one task.
 */
export const builtinPhrases: readonly string[] = [
  "You are a helpful assistant.",
  "Answer as briefly as possible.",
  "Think about the question before you answer.",
  "Use plain language and avoid jargon.",
  "Be polite and professional at all times.",
  "If you are unsure, say so.",
  "Follow the user's instructions carefully.",
  "Give your answer in a single line.",
  "Do not repeat the question.",
  "Explain your reasoning step by step.",
  "Keep a friendly and neutral tone.",
  "Only use information given in the conversation.",
  "Write in complete sentences.",
  "Focus on what the user asked for.",
  "Avoid unnecessary details.",
  "Check your answer for mistakes before replying.",
  "Ask a clarifying question when the request is ambiguous.",
  "Respond in the same language as the user.",
  "Never make up facts.",
  "Summarise the main point first.",
  "Consider every option before deciding.",
  "Stay on topic.",
  "Use a formal register.",
  "Prefer short words to long ones.",
];
