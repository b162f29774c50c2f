const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Kafka's topic naming rule (Topic.validate): legal characters, ≤ 249 chars, not "." or "..". */
export function isValidTopicName(name: string): boolean {
  return name.length > 0 && name.length <= 249 && name !== '.' && name !== '..' && LEGAL.test(name);
}
